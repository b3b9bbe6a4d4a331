package accessible_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Accessible mode's list of Nexset files offers workbooks and
// tab-separated exports too, and the question names Excel.
func TestNexsetListOffersWorkbooks(t *testing.T) {
	e := newEnv(t)
	for _, name := range []string{"time.xlsx", "costs.tsv"} {
		if err := os.WriteFile(filepath.Join(e.dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_ = e.run(t, "time-entries.csv")
	out := e.out.String()
	for _, want := range []string{"time.xlsx", "costs.tsv", "Excel"} {
		if !strings.Contains(out, want) {
			t.Errorf("the list lacks %q:\n%s", want, out)
		}
	}
}
