package nexset

import "testing"

// TestKeyTextKeepsLiterals: the key attribute's value is kept as written, in
// every format and on the pipelined and serial paths, so that keys a float64
// would merge stay distinct.
func TestKeyTextKeepsLiterals(t *testing.T) {
	tests := []struct {
		name, input, key string
		want             []string
	}{
		{"jsonl", `{"id":12345678901234567890}` + "\n" + `{"id":12345678901234567891}` + "\n" +
			`{"id":6}` + "\n" + `{"id":6.0}` + "\n" + `{"id":"6"}` + "\n" + `{"id":1e3,"x":[{"id":5}]}` + "\n" + `{"x":{"id":2},"id":-0}` + "\n",
			"id", []string{"12345678901234567890", "12345678901234567891", "6", "6.0", "", "1e3", "-0"}},
		{"nested.jsonl", `{"m":{"id":1.50},"id":7}` + "\n" + `{"m":{"other":3,"id":2E2}}` + "\n" + `{"m.id":10.0}` + "\n" + `{"m":[{"id":4}]}` + "\n",
			"m.id", []string{"1.50", "2E2", "10.0", ""}},
		{"array.json", `[{"id":1.0},{"id":{"id":3}},{"id":100000000000000000000}]`,
			"id", []string{"1.0", "", "100000000000000000000"}},
		{"cells.csv", "id,n\n1e3,1\n1000,2\nTRUE,3\ntrue,4\n007,5\n,6\n",
			"id", []string{"1e3", "1000", "TRUE", "true", "007", ""}},
		{"no-key.jsonl", `{"id":6.0}` + "\n", "", []string{""}},
	}
	for _, tt := range tests {
		for _, serial := range []bool{false, true} {
			res := mustRead(t, tt.input, tt.name, Options{Key: tt.key, serial: serial})
			if len(res.recs) != len(tt.want) {
				t.Fatalf("%s: %d records, want %d", tt.name, len(res.recs), len(tt.want))
			}
			for i, r := range res.recs {
				if r.KeyText != tt.want[i] {
					t.Errorf("%s (serial %v) record %d: KeyText %q, want %q", tt.name, serial, i+1, r.KeyText, tt.want[i])
				}
			}
		}
	}
}
