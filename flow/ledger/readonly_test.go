package ledger

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// A read-only handle sees what a writer (still open, mid-run) committed,
// refuses every write, and neither creates a missing ledger nor accepts
// another destination's, an empty file or a file of another program.
func TestOpenReadOnly(t *testing.T) {
	w, path := openTest(t, nil)
	run, err := w.StartRun(ModeActivate)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.MarkInFlight([]Entry{{Key: "a", Pos: 1, Line: 2, Method: "POST"}, {Key: "b", Pos: 2, Line: 3, Method: "POST"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Record([]Outcome{{Key: "a", State: Delivered, HTTPStatus: 201, ClioID: 7}, {Key: "b", State: Failed, HTTPStatus: 422, ErrMessage: "bad date"}}); err != nil {
		t.Fatal(err)
	}

	r, err := OpenReadOnly(path, testDest)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	counts, err := r.Counts()
	if err != nil || counts[Delivered] != 1 || counts[Failed] != 1 {
		t.Fatalf("counts %v, %v", counts, err)
	}
	last, err := r.LastRun()
	if err != nil || last == nil || last.ID != run || last.Finished {
		t.Fatalf("last run %+v, %v", last, err)
	}
	failed, err := r.List(Failed, 0)
	if err != nil || len(failed) != 1 || failed[0].ErrMessage != "bad date" || failed[0].Line != 3 {
		t.Fatalf("failed %+v, %v", failed, err)
	}
	if _, err := r.StartRun(ModeActivate); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a write through the read-only handle: %v", err)
	}
	if err := w.FinishRun(run, RunSummary{Delivered: 1, Failed: 1}); err != nil {
		t.Fatal(err)
	}
	if last, _ := r.LastRun(); last == nil || !last.Finished || last.Delivered != 1 {
		t.Errorf("the finished run is not seen: %+v", last)
	}

	dir := t.TempDir()
	missing := filepath.Join(dir, "none.ledger.db")
	if _, err := OpenReadOnly(missing, testDest); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing ledger: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a read-only open created the ledger")
	}
	var me *MismatchError
	if _, err := OpenReadOnly(path, Identity{ID: "other", Name: "Other"}); !errors.As(err, &me) {
		t.Errorf("another destination's ledger: %v", err)
	}
	empty := filepath.Join(dir, "empty.ledger.db")
	text := filepath.Join(dir, "text.ledger.db")
	os.WriteFile(empty, nil, 0o600)
	os.WriteFile(text, []byte("not a database at all, just some text"), 0o600)
	for _, p := range []string{empty, text} {
		var ce *CorruptError
		if _, err := OpenReadOnly(p, testDest); !errors.As(err, &ce) {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}
