package specgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// miniSpec exercises the generator's rules on a spec small enough to read:
// $ref to components (body and schema), prose null facts, sorting, arrays.
const miniSpec = `{
  "openapi": "3.0.0",
  "paths": {
    "/zebras/{id}.json": {
      "parameters": [],
      "delete": {"summary": " Delete a Zebra "},
      "get": {"summary": "Show a Zebra"},
      "patch": {"summary": "Update a Zebra", "requestBody": {"$ref": "#/components/requestBodies/ZebraBody"}}
    },
    "/apes.json": {
      "post": {"summary": "Create an Ape", "requestBody": {"required": true, "content": {
        "multipart/form-data": {"schema": {"type": "object"}},
        "application/json": {"schema": {"type": "object", "required": ["data"], "properties": {"data": {
          "type": "object", "required": ["name", "keeper"],
          "properties": {
            "name": {"type": "string", "description": "Long prose that must not be kept."},
            "keeper": {"$ref": "#/components/schemas/Link"},
            "zoo": {"type": "object", "properties": {"id": {"type": "integer", "format": "int64", "description": "Use the keyword ` + "`null`" + ` to specify no association."}}},
            "tags": {"type": "array", "items": {"type": "string", "enum": ["big", "small"]}}
          }}}}}
      }}}
    }
  },
  "components": {
    "schemas": {
      "Link": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "format": "int64", "description": "The keyword ` + "`null`" + ` is not valid for this field."}}}
    },
    "requestBodies": {
      "ZebraBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"data": {
        "type": "object", "properties": {"stripes": {"type": "integer", "format": "int32"}, "born": {"type": "string", "format": "date", "nullable": true}}}}}}}}
    }
  }
}`

const miniWant = `{"operations":[
{"method":"POST","path":"/apes.json","summary":"Create an Ape","data":{"type":"object","required":["name","keeper"],"props":[{"name":"keeper","type":"object","required":["id"],"props":[{"name":"id","type":"integer","format":"int64","notnull":true}]},{"name":"name","type":"string"},{"name":"tags","type":"array","items":{"type":"string","enum":["big","small"]}},{"name":"zoo","type":"object","props":[{"name":"id","type":"integer","format":"int64","nullable":true}]}]},"body_required":true},
{"method":"GET","path":"/zebras/{id}.json","summary":"Show a Zebra"},
{"method":"PATCH","path":"/zebras/{id}.json","summary":"Update a Zebra","data":{"type":"object","props":[{"name":"born","type":"string","format":"date","nullable":true},{"name":"stripes","type":"integer","format":"int32"}]}},
{"method":"DELETE","path":"/zebras/{id}.json","summary":"Delete a Zebra"}
]}
`

func TestGenerateMiniSpec(t *testing.T) {
	got, err := Generate([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != miniWant {
		t.Errorf("Generate:\n got %s\nwant %s", got, miniWant)
	}
	var decoded struct{ Operations []Operation }
	if err := json.Unmarshal(got, &decoded); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if n := len(decoded.Operations); n != 4 {
		t.Errorf("decoded %d operations, want 4", n)
	}
	if bytes.Contains(got, []byte("prose")) {
		t.Error("descriptions leaked into the catalogue")
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	first, err := Generate([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	for range 20 { // map order differs between runs; output must not
		again, err := Generate([]byte(miniSpec))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("two runs on the same spec differ")
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	body := func(schema string) string {
		return `{"paths":{"/x.json":{"post":{"requestBody":{"content":{"application/json":{"schema":` + schema + `}}}}}},
		"components":{"schemas":{"Loop":{"$ref":"#/components/schemas/Loop"}}}}`
	}
	tests := []struct{ name, spec, want string }{
		{"not JSON", `{`, "read OpenAPI document"},
		{"no paths", `{"paths":{}}`, "no paths"},
		{"no data", body(`{"type":"object","properties":{"other":{"type":"string"}}}`), `POST /x.json: request body has no "data" property`},
		{"dangling ref", body(`{"type":"object","properties":{"data":{"$ref":"#/components/schemas/Nope"}}}`), `unresolvable $ref "#/components/schemas/Nope"`},
		{"recursive ref", body(`{"type":"object","properties":{"data":{"$ref":"#/components/schemas/Loop"}}}`), "recursive $ref"},
		{"foreign ref", body(`{"$ref":"other.json#/x"}`), `unsupported $ref "other.json#/x"`},
		{"composition", body(`{"type":"object","properties":{"data":{"allOf":[{"type":"object"}]}}}`), "data: allOf/oneOf/anyOf is not supported"},
		{"required without schema", body(`{"type":"object","properties":{"data":{"type":"object","required":["a"]}}}`), `data: required attribute "a" has no schema`},
		{"numeric enum", body(`{"type":"object","properties":{"data":{"type":"object","properties":{"n":{"type":"integer","enum":[1]}}}}}`), "data.n: enum value 1 is not a string"},
		{"bad body ref", `{"paths":{"/x.json":{"post":{"requestBody":{"$ref":"#/components/requestBodies/None"}}}}}`, "unresolvable $ref"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate([]byte(tt.spec))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestQueryParametersListed(t *testing.T) {
	spec := `{"paths":{"/apes.json":{"get":{"summary":"List","parameters":[
	  {"name":"X-API-VERSION","in":"header"},
	  {"name":"matter_id","in":"query"},
	  {"$ref":"#/components/parameters/Since"}]}}},
	  "components":{"parameters":{"Since":{"name":"created_since","in":"query"}}}}`
	ops, err := Build([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ops[0].Query, ","); got != "created_since,matter_id" {
		t.Errorf("query = %q", got)
	}
	bad := strings.Replace(spec, "#/components/parameters/Since", "#/components/parameters/None", 1)
	if _, err := Build([]byte(bad)); err == nil || !strings.Contains(err.Error(), "unresolvable $ref") {
		t.Errorf("unresolvable parameter: %v", err)
	}
}
