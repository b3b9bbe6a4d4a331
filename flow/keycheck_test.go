package flow

import (
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestCheckKey(t *testing.T) {
	var recs []nexset.Record
	for i := 1; i <= 30; i++ {
		f := map[string]any{"Entry #": int64(i), "Entered By": "J. Smith", "ref": "R" + string(rune('A'+i%26))}
		if i%10 == 0 {
			f["ref"] = " "
		}
		if i == 7 {
			delete(f, "Entered By")
		}
		recs = append(recs, nexset.Record{Pos: i, Line: i + 1, Fields: f})
	}
	tests := []struct {
		attr string
		ok   bool
		want string
	}{
		{"Entry #", true, "Entry # has 30 distinct values in 30 records read"},
		{"Entered By", false, `Entered By has 1 distinct value in 30 records read: not a key ("J. Smith" repeats)`},
		{"missing", false, "missing is in none of the 30 records read: not a key (check its spelling against the Nexset's attributes)"},
		{"ref", false, `ref has 24 distinct values in 30 records read: not a key ("RB" repeats)`},
	}
	for _, tt := range tests {
		k := CheckKey(recs, tt.attr)
		if k.OK() != tt.ok || k.String() != tt.want {
			t.Errorf("%s: ok %v %q, want %v %q", tt.attr, k.OK(), k.String(), tt.ok, tt.want)
		}
	}
	blank := CheckKey(recs[:9], "Entered By") // one missing, the others repeat
	if blank.Blank != 1 || blank.OK() {
		t.Errorf("blank count %+v", blank)
	}
	onlyBlank := CheckKey([]nexset.Record{{Fields: map[string]any{"k": "a"}}, {Fields: map[string]any{"k": nil}}}, "k")
	if want := "k is blank in 1 of 2 records read: those records cannot be delivered"; onlyBlank.String() != want {
		t.Errorf("got %q, want %q", onlyBlank.String(), want)
	}
	schema := nexset.Schema{Attrs: []nexset.Attr{{Path: "Entered By"}, {Path: "Entry #"}, {Path: "ref"}}}
	if got := UniqueKeys(recs, schema); len(got) != 1 || got[0] != "Entry #" {
		t.Errorf("UniqueKeys = %q", got)
	}
}

// An attribute every record has but leaves blank is blank, not absent.
func TestCheckKeyAllBlank(t *testing.T) {
	recs := []nexset.Record{{Pos: 1, Fields: map[string]any{"k": ""}}, {Pos: 2, Fields: map[string]any{"k": nil}}}
	if got, want := CheckKey(recs, "k").String(), "k is blank in all 2 records read: not a key"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSuggestKey(t *testing.T) {
	recs := []nexset.Record{
		rec(1, map[string]any{"matter_id": 1, "entry_id": "E1", "hours": 1}),
		rec(2, map[string]any{"matter_id": 2, "entry_id": "E2", "hours": 2}),
	}
	schema := nexset.InferSchema(recs)
	if got := SuggestKey(recs, schema); got != "entry_id" {
		t.Errorf("SuggestKey = %q, want entry_id (matter_id refers to a matter)", got)
	}
	recs[1].Fields["entry_id"] = "E1" // repeats: no key
	if got := SuggestKey(recs, nexset.InferSchema(recs)); got != "" {
		t.Errorf("SuggestKey = %q, want none", got)
	}
	recs = []nexset.Record{rec(1, map[string]any{"task_ref": "K1", "id": 7}), rec(2, map[string]any{"task_ref": "K2"})}
	if got := SuggestKey(recs, nexset.InferSchema(recs)); got != "task_ref" {
		t.Errorf("SuggestKey = %q, want task_ref (id is missing from a record)", got)
	}
}
