package nexset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRead reads data to the end and checks what any input must give:
// records or errors, positions rising, only the documented value types.
func fuzzRead(t *testing.T, data []byte, name string, o Options) []Record {
	t.Helper()
	r, err := NewReader(context.Background(), bytes.NewReader(data), name, o)
	if err != nil {
		return nil
	}
	var recs []Record
	lastPos := 0
	for i := 0; ; i++ {
		if i > len(data)+2 {
			t.Fatalf("more Next calls than bytes: the reader does not advance")
		}
		rec, err := r.Next()
		var re *RecordError
		switch {
		case err == nil:
			if rec.Pos != lastPos+1 || rec.Line < 1 || rec.Fields == nil {
				t.Fatalf("record %+v after pos %d", rec, lastPos)
			}
			checkValue(t, rec.Fields, 0)
			lastPos = rec.Pos
			recs = append(recs, rec)
		case errors.As(err, &re):
			if re.Pos != lastPos+1 || re.Line < 1 || re.Reason == "" || re.File != name {
				t.Fatalf("bad RecordError %+v after pos %d", re, lastPos)
			}
			lastPos = re.Pos
		case errors.Is(err, io.EOF):
			return recs
		default:
			if !strings.Contains(err.Error(), name) {
				t.Fatalf("final error %q does not name the file", err)
			}
			return recs
		}
	}
}

func checkValue(t *testing.T, v any, depth int) {
	t.Helper()
	if depth > MaxDepth {
		t.Fatalf("value nested deeper than %d", MaxDepth)
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !utf8.ValidString(k) {
				t.Fatalf("invalid UTF-8 key %q", k)
			}
			checkValue(t, e, depth+1)
		}
	case []any:
		for _, e := range x {
			checkValue(t, e, depth+1)
		}
	case string:
		if !utf8.ValidString(x) {
			t.Fatalf("invalid UTF-8 value %q", x)
		}
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			t.Fatalf("non-finite number %v", x)
		}
	case int64, bool, nil:
	default:
		t.Fatalf("unexpected type %T", v)
	}
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		"{\"a\":1}\n{\"b\":[1,2.5,\"x\"]}\n", "", "\n\n", "{\"a\":\"\\ud83d\\ude00\"}", "[1]\n\"x\"\n",
		"{\"a\":1e400}", "{\"a\":-9223372036854775809}", "\xEF\xBB\xBF{}\r\n", "{\"a\":\"\xff\"}", strings.Repeat("[", 70),
		"{\"a\":{\"b\":{\"c\":null}}}", "{\"\\u0000\":true}", "{\"a\":\"\\ud800\\u0041\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs := fuzzRead(t, data, "f.jsonl", Options{Format: JSONL})
		if bytes.ContainsAny(data, "\n") || !utf8.Valid(data) || bytes.HasPrefix(data, bom) {
			return
		}
		// One line: the decoder must agree with encoding/json.
		var want map[string]any
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		stdErr := d.Decode(&want)
		if stdErr == nil {
			if _, err := d.Token(); !errors.Is(err, io.EOF) {
				stdErr = errors.New("trailing data")
			}
		}
		if isBlank(data) {
			return
		}
		switch {
		case len(recs) == 1 && stdErr != nil:
			t.Fatalf("accepted %q, which encoding/json rejects: %v", data, stdErr)
		case len(recs) == 1:
			if !sameJSON(recs[0].Fields, want) {
				t.Fatalf("%q decoded as %#v, encoding/json gives %#v", data, recs[0].Fields, want)
			}
		case stdErr == nil && want != nil:
			// Rejected although valid: only the depth limit and numbers
			// beyond float64 may cause that.
			if r := mustReasonOf(t, data); !strings.Contains(r, "nested deeper") && !strings.Contains(r, "out of range") {
				t.Fatalf("rejected valid %q: %s", data, r)
			}
		}
	})
}

func mustReasonOf(t *testing.T, data []byte) string {
	t.Helper()
	var d valueDecoder
	_, err := d.decodeObject(data)
	if err == nil {
		return ""
	}
	return err.Error()
}

// sameJSON compares a decoded record with encoding/json's UseNumber result.
func sameJSON(got, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			if gv, ok := g[k]; !ok || !sameJSON(gv, wv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameJSON(g[i], w[i]) {
				return false
			}
		}
		return true
	case json.Number:
		switch g := got.(type) {
		case int64:
			n, err := w.Int64()
			return err == nil && n == g
		case float64:
			f, err := w.Float64()
			return err == nil && f == g
		}
		return false
	default:
		return got == want
	}
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,a\n", ",\n", "a.b,a\n1,2\n", "a\n\"x\ny\"\n", "a,b\n1\n1,2,3\n", "\xEF\xBB\xBFa\r\n1\r\n",
		"a\n\xff\n", "a\nx\"y\n", "m.id,m.n\n1,\n", "a\n007\n-0\n1e5\ntrue\n",
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, keep bool) {
		recs := fuzzRead(t, data, "f.csv", Options{Format: CSV, KeepStrings: keep})
		if keep {
			for _, r := range recs {
				for _, v := range r.Fields {
					if _, isMap := v.(map[string]any); !isMap {
						if _, isStr := v.(string); !isStr {
							t.Fatalf("KeepStrings gave %T", v)
						}
					}
				}
			}
		}
		_, _ = countCSV(context.Background(), bufioReader(bytes.NewReader(data)), "f.csv")
	})
}

func FuzzJSONArray(f *testing.F) {
	for _, s := range []string{
		`[{"a":1},{"b":2}]`, "[]", "", "[", "[1,", `[{"a":"]"}]`, "[{}]]", "[{},]", `[{"a":"\"}"}]`,
		"[" + strings.Repeat("{\"a\":", 80) + "1" + strings.Repeat("}", 80) + "]", "[\"x\\\"\",{}]", "[tru]", "[{}\n,\n{\"a\":\xff}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs := fuzzRead(t, data, "f.json", Options{Format: JSON})
		n, err := countArray(context.Background(), bufioReader(bytes.NewReader(data)), "f.json", "")
		if err == nil && n < len(recs) {
			t.Fatalf("Count %d < %d records read", n, len(recs))
		}
	})
}
