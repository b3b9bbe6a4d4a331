package clio

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// TestValidateDataMatchesValidate: for every value, ValidateData reports
// exactly what Validate reports on the encoded body, or declines.
func TestValidateDataMatchesValidate(t *testing.T) {
	ops := []struct{ method, path string }{
		{"POST", "/activities.json"},
		{"POST", "/tasks.json"},
		{"PATCH", "/tasks/12.json"},
	}
	values := []struct {
		name    string
		data    any
		decline bool
	}{
		{name: "time entry", data: map[string]any{"type": "TimeEntry", "date": "2024-03-04", "quantity": int64(5400), "note": "x", "matter": map[string]any{"id": int64(3001)}}},
		{name: "int and float", data: map[string]any{"quantity": 1.5, "price": 12, "date": "nope", "matter": map[string]any{"id": 2.0}}},
		{name: "huge float", data: map[string]any{"quantity": 1e21, "matter": map[string]any{"id": 1e300}}},
		{name: "tiny float", data: map[string]any{"quantity": 1.5e-7, "price": -2.5e-9}},
		{name: "json number", data: map[string]any{"quantity": json.Number("12.0"), "matter": map[string]any{"id": json.Number("99999999999999999999")}}},
		{name: "nulls and wrong types", data: map[string]any{"type": nil, "date": true, "matter": int64(3), "note": []any{"a", int64(1)}}},
		{name: "enum", data: map[string]any{"priority": "Urgent", "name": "n", "assignee": map[string]any{"id": int64(1), "type": "Robot"}}},
		{name: "unknown attributes", data: map[string]any{"colour": "red", "matter": map[string]any{"id": int64(1), "size": int64(2)}}},
		{name: "batch", data: []any{map[string]any{"type": "TimeEntry"}, map[string]any{"data": map[string]any{"date": "2024-01-01"}}, "x"}},
		{name: "empty batch", data: []any{}},
		{name: "not an object", data: "text"},
		{name: "NaN", data: map[string]any{"quantity": math.NaN()}, decline: true},
		{name: "bad UTF-8", data: map[string]any{"note": "a\xffb"}, decline: true},
		{name: "other type", data: map[string]any{"note": struct{}{}}, decline: true},
	}
	for _, o := range ops {
		op, _, ok := Lookup(o.method, o.path)
		if !ok {
			t.Fatalf("%s %s not in the catalogue", o.method, o.path)
		}
		for _, v := range values {
			t.Run(o.method+o.path+"/"+v.name, func(t *testing.T) {
				got, ok := op.ValidateData(v.data)
				if ok == v.decline {
					t.Fatalf("ok = %v, want %v", ok, !v.decline)
				}
				if !ok {
					return
				}
				body, err := json.Marshal(map[string]any{"data": v.data})
				if err != nil {
					t.Fatal(err)
				}
				want := op.Validate(body)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("ValidateData:\n%+v\nValidate:\n%+v", got, want)
				}
			})
		}
	}
	var none *Operation
	if _, ok := none.ValidateData(map[string]any{}); ok {
		t.Error("a nil operation must decline")
	}
}

func BenchmarkValidateDataCreateActivity(b *testing.B) {
	op, _, _ := Lookup("POST", "/activities.json")
	data := map[string]any{"type": "TimeEntry", "date": "2024-03-04", "quantity": int64(5400), "note": "x", "matter": map[string]any{"id": int64(3001)}}
	for b.Loop() {
		if p, ok := op.ValidateData(data); !ok || len(p) != 0 {
			b.Fatal(p)
		}
	}
}

// asDecoded copies only what holds a Go number, and never writes into the
// value it was given: the caller's body is sent after it is checked.
func TestAsDecodedLeavesTheBody(t *testing.T) {
	inner := map[string]any{"id": int64(7001)}
	list := []any{map[string]any{"custom_field": inner, "value": "x"}, "text"}
	body := map[string]any{"custom_field_values": list, "name": "Ada", "tags": []any{"a", "b"}}
	got, ok := asDecoded(body)
	if !ok {
		t.Fatal("declined")
	}
	if inner["id"] != int64(7001) {
		t.Errorf("the body was changed: %v", inner)
	}
	m := got.(map[string]any)
	if id := m["custom_field_values"].([]any)[0].(map[string]any)["custom_field"].(map[string]any)["id"]; id != json.Number("7001") {
		t.Errorf("decoded id %#v", id)
	}
	tags := m["tags"].([]any)
	if &tags[0] != &body["tags"].([]any)[0] {
		t.Error("a list without numbers was copied")
	}
}
