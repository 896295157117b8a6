package main

import (
	"strings"
	"testing"
)

// synthetic exercises the code paths the vendored models do not: maps with
// constrained keys and structure values, an untranslatable pattern, blobs,
// number lists and name clashes.
const synthetic = `{"metadata":{"protocol":"json","apiVersion":"1","endpointPrefix":"x","targetPrefix":"X"},
"operations":{"Op":{"name":"Op","input":{"shape":"In"}}},
"shapes":{
 "In":{"type":"structure","required":["Params"],"members":{
   "Params":{"shape":"ParamMap"},"Tags":{"shape":"TagMap"},"Ahead":{"shape":"Ahead"},
   "Data":{"shape":"Data"},"Nums":{"shape":"NumList"},"Validate":{"shape":"Ahead"}}},
 "ParamMap":{"type":"map","key":{"shape":"Key"},"value":{"shape":"Param"},"max":5},
 "Param":{"type":"structure","required":["V"],"members":{"V":{"shape":"Ahead"}}},
 "TagMap":{"type":"map","key":{"shape":"Key"},"value":{"shape":"Key"}},
 "Key":{"type":"string","min":1,"max":8},
 "Ahead":{"type":"string","pattern":"(?=a)\\w+"},
 "Data":{"type":"blob","max":10},
 "NumList":{"type":"list","member":{"shape":"Num"}},
 "Num":{"type":"integer","min":1},
 "Service":{"type":"structure","members":{}}
}}`

func TestGenValidate_Synthetic(t *testing.T) {
	t.Parallel()
	m, err := decodeModel("synthetic", []byte(synthetic))
	if err != nil {
		t.Fatal(err)
	}
	a, err := newAPI(m, "syn", "Synthetic", "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.genValidate()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"//   - Ahead: (?=a)\\w+ (go regexp:",
		`shape.Map(c, p, "params", v.Params, &ruleParamMap, &ruleKey, true)`,
		"e := v.Params[k]\n\t\te.validate(c, shape.Key(p, \"params\", k))",
		`shape.StringMap(c, p, "tags", v.Tags, nil, &ruleKey, &ruleKey, false)`,
		`shape.Blob(c, p, "data", v.Data, &ruleData, false)`,
		`shape.NumberList(c, p, "nums", v.Nums, nil, &ruleNum, false)`,
		`shape.Required(c, p, "v", v.V)`,
		"ruleNum = shape.Rule{Min: 1, HasMin: true}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("generated validation lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "MustPattern") {
		t.Errorf("an untranslatable pattern was emitted:\n%s", got)
	}
	if n := a.typeNames["Service"]; n != "Service2" {
		t.Errorf("shape Service is named %q, want Service2 (Service is the table)", n)
	}
	if f := fieldNames(m.Shapes["In"]); f[5] != "Validate_" {
		t.Errorf("member Validate is field %q, want Validate_", f[5])
	}
}
