package iampolicy_test

import (
	"errors"
	"fmt"

	"conforms/iampolicy"
)

func ExampleParse() {
	p, err := iampolicy.Parse([]byte(`{
		"Version": "2012-10-17",
		"Statement": {
			"Effect": "Allow",
			"Principal": "*",
			"Action": "s3:GetObject",
			"Resource": "arn:aws:s3:::awsconfigconformsdemo/*",
			"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}
		}
	}`))
	if err != nil {
		panic(err)
	}
	r := &iampolicy.Request{
		Principal: iampolicy.Principal{Arn: "arn:aws:sts::222233334444:assumed-role/R/s"},
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::awsconfigconformsdemo/pack.yaml",
		Context:   map[string][]string{"aws:PrincipalOrgID": {"o-abcdefghij"}},
	}
	fmt.Println(p.Evaluate(r))
	r.Context["aws:PrincipalOrgID"] = []string{"o-other"}
	fmt.Println(p.Evaluate(r))

	_, err = iampolicy.Parse([]byte(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualz":{"aws:x":"y"}}}}`))
	var e *iampolicy.Error
	if errors.As(err, &e) {
		fmt.Println(e.Message)
	}
	// Output:
	// Allow
	// ImplicitDeny
	// Unknown condition operator: StringEqualz
}
