package flow

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// keyedDest is a destination keyed by id over a Nexset file holding content.
func keyedDest(t *testing.T, name, content string) *Destination {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	d := timeEntries(t)
	d.Nexset = NexsetRef{Path: filepath.Join(dir, name), Key: "id"}
	return d
}

// TestKeysAreExactText: keys that a float64 or type inference would merge
// stay distinct, and the same text under two types is reported as one key
// used twice, never merged silently.
func TestKeysAreExactText(t *testing.T) {
	tests := []struct {
		name, content string
		dups          DuplicateKeys
	}{
		{"big.jsonl", `{"id":12345678901234567890}` + "\n" + `{"id":12345678901234567891}` + "\n", nil},
		{"kinds.jsonl", `{"id":6}` + "\n" + `{"id":6.0}` + "\n" + `{"id":"6"}` + "\n" + `{"id":60e-1}` + "\n",
			DuplicateKeys{"6": {{1, 1}, {3, 3}}}},
		{"cells.csv", "id,n\n1e3,1\n1000,2\nTRUE,3\ntrue,4\n1000,5\n",
			DuplicateKeys{"1000": {{2, 3}, {5, 6}}}},
		{"array.json", `[{"id":"a"},{"id":"b"},{"id":"a"},{"id":"a"}]`,
			DuplicateKeys{"a": {{1, 1}, {3, 1}, {4, 1}}}},
		{"unique.jsonl", `{"id":"a"}` + "\n" + `{"nokey":1}` + "\n" + `not json` + "\n" + `{"id":"b"}` + "\n", nil},
	}
	for _, tt := range tests {
		d := keyedDest(t, tt.name, tt.content)
		got, err := FindDuplicateKeys(context.Background(), d)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(got) != len(tt.dups) || (len(got) > 0 && !reflect.DeepEqual(got, tt.dups)) {
			t.Errorf("%s: duplicates %v, want %v", tt.name, got, tt.dups)
		}
	}
	r := DuplicateKeys{"6": {{1, 1}, {3, 3}}}.Reason("6")
	if !strings.Contains(r, `key "6" is used by lines 1 and 3`) {
		t.Errorf("reason %q", r)
	}
	r = DuplicateKeys{"a": {{1, 1}, {3, 1}, {4, 1}}}.Reason("a")
	if !strings.Contains(r, `key "a" is used by records 1, 3 and 4 (line 1)`) {
		t.Errorf("reason %q", r)
	}
}

// TestBigIntegerNeverRounded: a whole number past 64 bits is refused where
// it would become text (a URL's ID), not sent rounded.
func TestBigIntegerNeverRounded(t *testing.T) {
	if s, err := scalarText(1.2345678901234567e19); err == nil {
		t.Fatalf("scalarText of a rounded integer = %q, want an error", s)
	}
	if s, err := scalarText(2.5); err != nil || s != "2.5" {
		t.Fatalf("scalarText(2.5) = %q %v", s, err)
	}
}
