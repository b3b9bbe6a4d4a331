package nexset

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestDecodeObject(t *testing.T) {
	deep := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	tests := []struct {
		name, in string
		want     map[string]any
		err      string
	}{
		{"types", `{"s":"x","i":42,"n":-7,"f":1.5,"e":1e3,"t":true,"b":false,"z":null}`,
			map[string]any{"s": "x", "i": int64(42), "n": int64(-7), "f": 1.5, "e": 1000.0, "t": true, "b": false, "z": nil}, ""},
		{"int64 bounds", `{"max":9223372036854775807,"min":-9223372036854775808,"over":9223372036854775808}`,
			map[string]any{"max": int64(math.MaxInt64), "min": int64(math.MinInt64), "over": 9223372036854775808.0}, ""},
		{"integral float stays float", `{"x":2.0}`, map[string]any{"x": 2.0}, ""},
		{"nested", `{"matter":{"id":7,"tags":["a",1,[],{}]}}`,
			map[string]any{"matter": map[string]any{"id": int64(7), "tags": []any{"a", int64(1), []any{}, map[string]any{}}}}, ""},
		{"escapes", `{"a":"q\"b\\s\/\b\f\n\r\t","u":"\u00e9\ud83d\ude00","lone":"\ud800x"}`,
			map[string]any{"a": "q\"b\\s/\b\f\n\r\t", "u": "é😀", "lone": "\uFFFDx"}, ""},
		{"escaped key", `{"a\u0062":1}`, map[string]any{"ab": int64(1)}, ""},
		{"utf8", `{"name":"Zoë Ünal 日本"}`, map[string]any{"name": "Zoë Ünal 日本"}, ""},
		{"spaces", " \t{ \"a\" : 1 , \"b\" : [ 1 , 2 ] } \r", map[string]any{"a": int64(1), "b": []any{int64(1), int64(2)}}, ""},
		{"duplicate key: last wins", `{"a":1,"a":2}`, map[string]any{"a": int64(2)}, ""},
		{"depth 64 ok", deep(64), nil, ""},
		{"depth 65", deep(65), nil, "nested deeper than 64 levels"},
		{"array", `[1,2]`, nil, "not a JSON object (got an array)"},
		{"string", `"x"`, nil, "not a JSON object (got a string)"},
		{"number", `12`, nil, "not a JSON object (got a number)"},
		{"garbage", `hello`, nil, "invalid JSON: unexpected 'h'"},
		{"trailing", `{"a":1} x`, nil, "unexpected 'x' after the object"},
		{"two objects", `{"a":1}{"b":2}`, nil, "unexpected '{' after the object"},
		{"missing colon", `{"a" 1}`, nil, "expected ':' after attribute name"},
		{"missing comma", `{"a":1 "b":2}`, nil, "expected ',' or '}' in an object"},
		{"trailing comma", `{"a":1,}`, nil, "expected a quoted attribute name"},
		{"unquoted key", `{a:1}`, nil, "expected a quoted attribute name"},
		{"unterminated string", `{"a":"xyz`, nil, "unterminated string"},
		{"unterminated object", `{"a":1`, nil, "unexpected end of record"},
		{"bad escape", `{"a":"\x"}`, nil, `bad escape \x`},
		{"bad unicode escape", `{"a":"\u12G4"}`, nil, `bad \u escape`},
		{"control char", "{\"a\":\"x\ty\"}", nil, "control character"},
		{"invalid utf8", "{\"a\":\"x\xffy\"}", nil, "invalid UTF-8 (byte 0xff)"},
		{"invalid utf8 escaped", "{\"a\":\"\\n\xc3\"}", nil, "invalid UTF-8"},
		{"leading zero", `{"a":01}`, nil, "expected ',' or '}'"},
		{"bare minus", `{"a":-}`, nil, "bad number"},
		{"dot without digits", `{"a":1.}`, nil, "digits expected after '.'"},
		{"exponent without digits", `{"a":1e}`, nil, "digits expected in the exponent"},
		{"huge number", `{"a":1e400}`, nil, "out of range"},
		{"bad literal", `{"a":tru}`, nil, "unexpected 't'"},
		{"empty", ``, nil, "empty record"},
		{"array trailing comma", `{"a":[1,]}`, nil, "unexpected ']'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d valueDecoder
			got, err := d.decodeObject([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestDecoderReusesKeys(t *testing.T) {
	var d valueDecoder
	var first string
	for i := 0; i < 3; i++ {
		m, err := d.decodeObject([]byte(`{"matter_id":1}`))
		if err != nil {
			t.Fatal(err)
		}
		for k := range m {
			if i == 0 {
				first = k
			} else if unsafe.StringData(k) != unsafe.StringData(first) {
				t.Errorf("record %d: key allocated again", i+1)
			}
		}
	}
	// Ever-new keys still decode right.
	for i := 0; i < 2*keyCacheSize; i++ {
		k := "k" + strconv.Itoa(i)
		m, err := d.decodeObject([]byte(`{"` + k + `":1}`))
		if err != nil || m[k] != int64(1) {
			t.Fatalf("%s: %v %v", k, m, err)
		}
	}
}
