package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// services lists the vendored models: file name in model/ and botocore
// data directory and API version.
var services = []struct{ file, dir, version string }{
	{"config.json", "config", "2014-11-12"},
	{"organizations.json", "organizations", "2016-11-28"},
	{"sts.json", "sts", "2011-06-15"},
}

// vendor copies the service models from a botocore data directory
// (botocore/data) into modelDir, stripped of documentation and examples, with
// sorted keys (except structure members, whose order is meaningful).
func vendor(dataDir, modelDir string) error {
	for _, s := range services {
		src := filepath.Join(dataDir, s.dir, s.version, "service-2.json.gz")
		out, err := vendorFile(src)
		if err != nil {
			return fmt.Errorf("vendor %s: %w", src, err)
		}
		if err := os.WriteFile(filepath.Join(modelDir, s.file), out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func vendorFile(src string) ([]byte, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return normalizeModel(data)
}

// normalizeModel strips documentation and sorts keys of a raw model file.
func normalizeModel(data []byte) ([]byte, error) {
	tree, err := parseOrdered(bytes.TrimPrefix(data, []byte("\ufeff")))
	if err != nil {
		return nil, err
	}
	normalize(tree, nil)
	return encodeIndented(tree)
}

// normalize walks the tree. path holds the keys from the root. Objects whose
// keys are names (shapes, operations, a structure's members) keep every key;
// all other objects lose "documentation" and "examples". Every object has its
// keys sorted, except a structure's members.
func normalize(v any, path []string) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			normalize(e, path)
		}
	case *object:
		if !isNameMap(path) {
			v.remove("documentation")
			v.remove("examples")
		}
		if !isMembers(path) {
			slices.Sort(v.keys)
		}
		for _, k := range v.keys {
			normalize(v.vals[k], append(slices.Clip(path), k))
		}
	}
}

func isMembers(path []string) bool {
	return len(path) == 3 && path[0] == "shapes" && path[2] == "members"
}

func isNameMap(path []string) bool {
	if len(path) == 1 && (path[0] == "shapes" || path[0] == "operations") {
		return true
	}
	return isMembers(path)
}
