package iampolicy

import (
	"errors"
	"testing"
	"time"
)

// fuzzDocs seed FuzzParseEvaluate with documents that use every part of the
// grammar, so that mutations start from policies that parse.
var fuzzDocs = []string{
	`{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/p/R"]},"NotAction":"s3:Get*","NotResource":"arn:aws:s3:::b/*"}}`,
	`{"Version":"2012-10-17","Statement":[{"Sid":"v","Effect":"Allow","Principal":{"Service":"config.amazonaws.com","Federated":"f","CanonicalUser":"c"},"Action":["s3:?et*","*"],"Resource":"arn:aws:s3:::b/${aws:username, 'x'}/*${*}",` +
		`"Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*","${aws:username}"]},"ForAllValues:StringNotEqualsIfExists":{"aws:TagKeys":"b"},"Null":{"aws:TokenIssueTime":true}}}]}`,
	`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":10},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},` +
		`"Bool":{"aws:SecureTransport":"true"},"BinaryEquals":{"s3:b":"QmluYXJ5"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"NotIpAddress":{"aws:SourceIp":"10.1.0.0/16"},` +
		`"ArnNotLike":{"aws:SourceArn":"arn:aws:*:*:*:*"},"StringEqualsIgnoreCase":{"aws:username":"A"},"DateNotEquals":{"aws:CurrentTime":1700000000}}}]}`,
}

func FuzzParseEvaluate(f *testing.F) {
	f.Add(readSeedPolicy(f), uint8(0), memberSession, "s3:GetObject", seedObject,
		"aws:PrincipalArn", memberRole, "aws:PrincipalOrgID", seedOrg)
	for _, doc := range fuzzDocs {
		f.Add([]byte(doc), uint8(0), "arn:aws:sts::111122223333:assumed-role/R/s", "s3:GetObject",
			"arn:aws:s3:::b/alice/k", "aws:username", "alice", "aws:SourceIp", "10.0.0.1")
	}
	f.Fuzz(func(t *testing.T, doc []byte, kind uint8, arn, action, resource, k1, v1, k2, v2 string) {
		p, err := ParseAs(doc, Kind(kind%3))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("ParseAs error %v (%T) is not an *Error with a message", err, err)
			}
			return
		}
		_ = p.Statements()
		r := &Request{
			Principal: Principal{Arn: arn, Service: v2, Federated: v1, CanonicalUser: v1},
			Action:    action,
			Resource:  resource,
			Context:   map[string][]string{k1: {v1}, k2: {v2, v1}},
		}
		for _, r := range []*Request{r, {Action: action, Resource: resource}, {Action: v1, Resource: v2, Context: map[string][]string{k2: {resource}, k1: nil}}} {
			start := time.Now()
			d := p.Evaluate(r)
			if el := time.Since(start); el > time.Second {
				t.Errorf("Evaluate took %v for a %d-byte document", el, len(doc))
			}
			if d != Allow && d != ExplicitDeny && d != ImplicitDeny {
				t.Errorf("Evaluate = %d", d)
			}
		}
	})
}
