package nexset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A header that cannot be a path (Hrs., No., a..b) is taken as one name,
// with a note; the other dotted headers still nest. literal_headers takes
// every header as written.
func TestCSVLiteralHeaders(t *testing.T) {
	in := "Entry No.,Hrs.,a..b,matter.id\n7,1.5,x,3001\n"
	res := mustRead(t, in, "time.csv", Options{})
	wantFields(t, res.recs, []map[string]any{{"Entry No.": int64(7), "Hrs.": 1.5, "a..b": "x", "matter": map[string]any{"id": int64(3001)}}})

	res = mustRead(t, in, "time.csv", Options{LiteralHeaders: true})
	wantFields(t, res.recs, []map[string]any{{"Entry No.": int64(7), "Hrs.": 1.5, "a..b": "x", "matter.id": int64(3001)}})

	// With every header literal, "matter" and "matter.id" are two columns.
	res = mustRead(t, "matter,matter.id\n1,2\n", "time.csv", Options{LiteralHeaders: true})
	wantFields(t, res.recs, []map[string]any{{"matter": int64(1), "matter.id": int64(2)}})

	path := filepath.Join(t.TempDir(), "time.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	_, schema, err := Head(context.Background(), path, Options{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(schema.Notes, "\n")
	for _, want := range []string{
		`time.csv: column 1 "Entry No." is taken as one name: a dot in a header nests (matter.id), but "Entry No." has an empty part`,
		`column 2 "Hrs." is taken as one name`, `column 3 "a..b" is taken as one name`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if strings.Contains(notes, "matter.id") && strings.Contains(notes, `"matter.id" is taken`) {
		t.Errorf("a nesting header was noted: %s", notes)
	}
	if _, schema, _ = Head(context.Background(), path, Options{LiteralHeaders: true}, 5); len(schema.Notes) != 0 {
		t.Errorf("literal_headers asked for: notes %q", schema.Notes)
	}
}
