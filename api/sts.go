package api

import (
	"context"
	"encoding/xml"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"conforms"
	"conforms/control"
)

type getCallerIdentityResponse struct {
	XMLName  xml.Name         `xml:"GetCallerIdentityResponse"`
	Xmlns    string           `xml:"xmlns,attr"`
	Arn      string           `xml:"GetCallerIdentityResult>Arn"`
	UserID   string           `xml:"GetCallerIdentityResult>UserId"`
	Account  string           `xml:"GetCallerIdentityResult>Account"`
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

func (s *Server) getCallerIdentity(ctx context.Context) any {
	id := s.control.GetCallerIdentity(ctx)
	return getCallerIdentityResponse{Xmlns: stsNamespace, Arn: id.Arn, UserID: id.UserID, Account: id.AccountID}
}

type assumeRoleResponse struct {
	XMLName         xml.Name         `xml:"AssumeRoleResponse"`
	Xmlns           string           `xml:"xmlns,attr"`
	AssumedRoleID   string           `xml:"AssumeRoleResult>AssumedRoleUser>AssumedRoleId"`
	AssumedRoleArn  string           `xml:"AssumeRoleResult>AssumedRoleUser>Arn"`
	AccessKeyID     string           `xml:"AssumeRoleResult>Credentials>AccessKeyId"`
	SecretAccessKey string           `xml:"AssumeRoleResult>Credentials>SecretAccessKey"`
	SessionToken    string           `xml:"AssumeRoleResult>Credentials>SessionToken"`
	Expiration      string           `xml:"AssumeRoleResult>Credentials>Expiration"`
	Metadata        responseMetadata `xml:"ResponseMetadata"`
}

var sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]*$`)

func (s *Server) assumeRole(ctx context.Context, p url.Values) (any, error) {
	in := control.AssumeRoleInput{RoleArn: p.Get("RoleArn"), SessionName: p.Get("RoleSessionName")}
	var v violations
	v.length("roleArn", p["RoleArn"], 20, 2048)
	v.length("roleSessionName", p["RoleSessionName"], 2, 64)
	if in.SessionName != "" && !sessionNamePattern.MatchString(in.SessionName) {
		v.add(in.SessionName, "roleSessionName", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)
	}
	if d := p.Get("DurationSeconds"); d != "" {
		switch n, err := strconv.Atoi(d); {
		case err != nil:
			v.add(d, "durationSeconds", "Member must be a number")
		case n < 900:
			v.add(d, "durationSeconds", "Member must have value greater than or equal to 900")
		case n > 43200:
			v.add(d, "durationSeconds", "Member must have value less than or equal to 43200")
		default:
			in.Duration = time.Duration(n) * time.Second
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	r, err := s.control.AssumeRole(ctx, in)
	if err != nil {
		return nil, err
	}
	k := r.Key
	return assumeRoleResponse{
		Xmlns: stsNamespace, AssumedRoleID: r.AssumedRoleID, AssumedRoleArn: r.Arn,
		AccessKeyID: k.ID, SecretAccessKey: k.Secret, SessionToken: k.SessionToken,
		Expiration: k.ExpiresAt.UTC().Format(time.RFC3339),
	}, nil
}

// violations collects constraint failures of hand-decoded query inputs, in
// the same words as the generated validation.
type violations []string

func (v *violations) add(value, path, constraint string) {
	*v = append(*v, "Value '"+value+"' at '"+path+"' failed to satisfy constraint: "+constraint)
}

func (v *violations) length(path string, values []string, min, max int) {
	if len(values) == 0 {
		*v = append(*v, "Value null at '"+path+"' failed to satisfy constraint: Member must not be null")
		return
	}
	switch n := len([]rune(values[0])); {
	case n < min:
		v.add(values[0], path, "Member must have length greater than or equal to "+strconv.Itoa(min))
	case n > max:
		v.add(values[0], path, "Member must have length less than or equal to "+strconv.Itoa(max))
	}
}

func (v violations) err() error {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return conforms.Errorf(conforms.CodeValidationError, "1 validation error detected: %s", v[0])
	}
	msg := strconv.Itoa(len(v)) + " validation errors detected: "
	for i, s := range v {
		if i > 0 {
			msg += "; "
		}
		msg += s
	}
	return conforms.Errorf(conforms.CodeValidationError, "%s", msg)
}
