// Package conforms is the domain of a self-hostable AWS Config service for whole
// organizations: accounts and their organization, identities and credentials, and
// the storage contract every store implements.
//
// The package imports only the standard library. Transports (package api),
// application logic (package control) and stores (packages sqlite, postgres) meet
// through the types declared here; cmd/conforms alone wires them together.
package conforms
