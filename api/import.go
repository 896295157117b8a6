package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"

	"conforms"
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

func (s *Server) importFile(c *call) (any, error) {
	if c.r.Method != http.MethodPost {
		return nil, conforms.Errorf(conforms.CodeValidationException, "Only POST is supported on %s.", ImportPath)
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, MaxImportBytes))
	if err != nil {
		return nil, conforms.Errorf(conforms.CodeValidationException, "Could not read the file: %v (at most %d bytes).", err, MaxImportBytes)
	}
	c.body = raw
	ctx, err := s.authenticate(c, "config")
	if err != nil {
		return nil, err
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
