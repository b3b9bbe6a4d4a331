package ledger

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A 0-byte file at the ledger path is refused, naming it, and left as it
// is; only a missing file is created. (An empty file younger than
// creationWindow is waited for, as another run may be creating it.)
func TestOpenRefusesAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.ledger.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, testDest)
	var ce *CorruptError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "not a cliodest ledger") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open of an empty file = %v", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Fatalf("the empty file was changed: %v %v", fi, err)
	}
	os.Remove(path)
	l, err := Open(path, testDest)
	if err != nil {
		t.Fatalf("a missing file is created: %v", err)
	}
	l.Close()
	if l, err = Open(path, testDest); err != nil {
		t.Fatalf("reopening a new ledger: %v", err)
	}
	l.Close()
}
