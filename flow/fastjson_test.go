package flow

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// stdJSON is encoding/json's encoding of v, with or without HTML escaping.
func stdJSON(v any, html bool) ([]byte, error) {
	if html {
		return json.Marshal(v)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
}

// checkSame holds appendJSON to encoding/json's bytes for v.
func checkSame(t *testing.T, v any) {
	t.Helper()
	for _, html := range []bool{true, false} {
		want, err := stdJSON(v, html)
		got, ok := appendJSON(nil, v, html)
		switch {
		case err != nil && ok:
			t.Errorf("%#v (html %v): wrote %s where encoding/json fails: %v", v, html, got, err)
		case err == nil && ok && !bytes.Equal(got, want):
			t.Errorf("%#v (html %v):\n got %s\nwant %s", v, html, got, want)
		}
	}
}

var jsonTexts = []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f",
	"<b>&amp;</b>", "Ünïcödé €", "\u2028 and \u2029", "bad \xff byte", "\xe2\x80", "emoji 😀", "a/b"}

func TestAppendJSON(t *testing.T) {
	for _, s := range jsonTexts {
		checkSame(t, s)
		checkSame(t, map[string]any{s: s})
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789.125, 1e300, -2.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		checkSame(t, f)
	}
	for _, n := range []json.Number{"0", "-0", "12", "1.5", "1e5", "1E+5", "-0.5e-3", "", "01", "1.", ".5", "+1", "0x10", "Inf", "1e", "--1"} {
		checkSame(t, n)
	}
	checkSame(t, map[string]any{"b": int64(-7), "a": 3, "c": nil, "d": []any{true, false, nil, map[string]any{}}, "e": []any{}, "f": map[string]any(nil), "g": []any(nil)})
	if _, ok := appendJSON(nil, math.NaN(), false); ok {
		t.Error("NaN was written")
	}
	if _, ok := appendJSON(nil, map[string]any{"x": struct{}{}}, false); ok {
		t.Error("a struct was written instead of declined")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		checkSame(t, randomJSONValue(r, 3))
	}
}

// randomJSONValue makes a value of the shapes records and bodies hold.
func randomJSONValue(r *rand.Rand, depth int) any {
	k := r.IntN(9)
	if depth == 0 {
		k = r.IntN(6)
	}
	switch k {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return r.Int64() - r.Int64()
	case 3:
		return math.Float64frombits(r.Uint64())
	case 4:
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(60)-30))
	case 5:
		var b strings.Builder
		for range r.IntN(12) {
			if r.IntN(3) == 0 {
				b.WriteByte(byte(r.IntN(256)))
			} else {
				b.WriteString(jsonTexts[r.IntN(len(jsonTexts))])
			}
		}
		return b.String()
	case 6, 7:
		m := map[string]any{}
		for range r.IntN(5) {
			m[jsonTexts[r.IntN(len(jsonTexts))]+string(rune('a'+r.IntN(26)))] = randomJSONValue(r, depth-1)
		}
		return m
	}
	l := make([]any, r.IntN(4))
	for i := range l {
		l[i] = randomJSONValue(r, depth-1)
	}
	return l
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSame(t, map[string]any{s: []any{s, json.Number(s)}}) })
}
