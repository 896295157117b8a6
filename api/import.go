package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"conforms"
	"conforms/api/sigv4"
)

// ImportPath is the endpoint that imports AWS Config snapshot and history
// files: POST, signed with SigV4 for the config service, the file as the
// body (gzip with Content-Encoding: gzip), its name in the file query
// parameter (for error messages). It answers {"items": n, "accounts": n}.
const ImportPath = "/conforms/import"

// MaxImportBytes bounds an imported file, decompressed.
const MaxImportBytes = 256 << 20

func (s *Server) serveImport(c *call) {
	c.service, c.operation = "config", "ImportConfigurationItems"
	out, err := s.importFile(c)
	if err != nil {
		code := s.writeJSONError(c, nil, "message", err)
		s.finish(c, code, err)
		return
	}
	b, _ := json.Marshal(out)
	c.w.Header().Set("Content-Type", "application/json")
	c.w.Header().Set("x-amzn-RequestId", c.requestID)
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(b)
	s.finish(c, "", nil)
}

// importSlots bounds the imports that hold a file in memory at once.
var importSlots = make(chan struct{}, 2)

func (s *Server) importFile(c *call) (any, error) {
	if c.r.Method != http.MethodPost {
		return nil, conforms.Errorf(conforms.CodeValidationException, "Only POST is supported on %s.", ImportPath)
	}
	// The signature is checked before the body is read, over the hash the
	// client declares, which the body must then match: an unauthenticated
	// caller cannot make the server hold a file.
	declared := c.r.Header.Get("X-Amz-Content-Sha256")
	if len(declared) != 64 {
		return nil, conforms.Errorf(conforms.CodeValidationException,
			"An import must carry the X-Amz-Content-Sha256 header, the hex SHA-256 of the file, and sign it.")
	}
	ctx, err := s.authenticateWith(c, "config", func(*sigv4.Request) (string, error) { return declared, nil })
	if err != nil {
		return nil, err
	}
	select {
	case importSlots <- struct{}{}:
		defer func() { <-importSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, MaxImportBytes))
	if err != nil {
		return nil, conforms.Errorf(conforms.CodeValidationException, "Could not read the file: %v (at most %d bytes).", err, MaxImportBytes)
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != strings.ToLower(declared) {
		return nil, conforms.Errorf(conforms.CodeValidationException, "The file does not match its X-Amz-Content-Sha256.")
	}
	data := raw
	if c.r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err == nil {
			data, err = io.ReadAll(io.LimitReader(zr, MaxImportBytes+1))
		}
		if err != nil {
			return nil, conforms.Errorf(conforms.CodeValidationException, "The file is not valid gzip: %v", err)
		}
		if len(data) > MaxImportBytes {
			return nil, conforms.Errorf(conforms.CodeValidationException, "The file is over %d bytes once decompressed.", MaxImportBytes)
		}
	}
	name := c.r.URL.Query().Get("file")
	if name == "" {
		name = "the file"
	}
	res, err := s.control.ImportConfigurationItems(ctx, name, data)
	if err != nil {
		return nil, err
	}
	return map[string]int{"items": res.Items, "accounts": res.Accounts}, nil
}
