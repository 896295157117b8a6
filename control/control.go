// Package control is the application layer: one method per API operation,
// working on domain types. It authorises the caller carried by the context,
// validates what the service models cannot express, and reads and writes
// through a [conforms.Store] in transactions.
//
// Errors it returns are *conforms.Error values with the codes and messages AWS
// uses; anything else is an internal failure.
package control

import (
	"context"
	"crypto/rand"
	"io"
	"time"

	"conforms"
)

// Service implements the operations. Set its fields before first use; the
// zero values of Now and Rand mean the real clock and crypto/rand. It is safe
// for concurrent use.
type Service struct {
	Store conforms.Store
	Now   func() time.Time
	Rand  io.Reader
	// Wake, when set, is called after a change that leaves background work
	// (a conformance pack to apply); it must not block.
	Wake func()
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// random returns n characters drawn uniformly from alphabet.
func (s *Service) random(alphabet string, n int) string {
	r := s.Rand
	if r == nil {
		r = rand.Reader
	}
	out := make([]byte, n)
	buf := make([]byte, 1)
	limit := 256 - 256%len(alphabet) // reject bytes that would bias the draw
	for i := 0; i < n; {
		if _, err := io.ReadFull(r, buf); err != nil {
			panic("control: random source failed: " + err.Error())
		}
		if int(buf[0]) >= limit {
			continue
		}
		out[i] = alphabet[int(buf[0])%len(alphabet)]
		i++
	}
	return string(out)
}

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	digits     = "0123456789"
	secretSet  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// caller returns the authenticated caller, which the transport always sets.
func caller(ctx context.Context) *conforms.Caller {
	if c := conforms.CallerFrom(ctx); c != nil {
		return c
	}
	return &conforms.Caller{}
}
