package cmd

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestKilledBetweenPatches builds the binary and kills it with SIGKILL
// while the updates of changed records are going out: some PATCHes were
// answered, some reached Clio with no one left to hear the answer. The
// next activation sends again only the updates not known to be done (a
// PATCH is idempotent), creates nothing, and leaves every object holding
// its record's new body; a third sends nothing.
func TestKilledBetweenPatches(t *testing.T) {
	const n, killAfter = 30, 12
	bin := buildCliodest(t)
	var mu sync.Mutex
	answered := map[string]int{} // PATCHes answered before the kill, per object (and after, unheard)
	patches := map[string]int{}  // every PATCH, per object
	holding := false
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPatch {
				h.ServeHTTP(w, r)
				return
			}
			mu.Lock()
			patches[r.URL.Path]++
			done := 0
			for _, c := range answered {
				done += c
			}
			hold := holding || done >= killAfter
			holding = hold
			mu.Unlock()
			if hold {
				once.Do(func() { close(reached) })
				<-release // applied after the process is dead: nobody hears the answer
				h.ServeHTTP(w, r)
				return
			}
			h.ServeHTTP(w, r)
			mu.Lock()
			answered[r.URL.Path]++
			mu.Unlock()
		})
	})
	dir := t.TempDir()
	file := writeActivities(t, dir, n, nil)
	env := append(cleanEnviron(), "CLIODEST_BASE_URL="+ds.url, "CLIODEST_TOKEN="+ds.token, "CLIODEST_CONFIG_DIR="+t.TempDir())
	cliodest := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, args...)
		c.Env = env
		return c
	}
	if out, err := cliodest("activate", file).CombinedOutput(); err != nil {
		t.Fatalf("first activate: %v\n%s", err, out)
	}
	created := ds.sb.Created("activities")
	printed := map[string]string{} // each record's fingerprint as first delivered
	for i := 1; i <= n; i++ {
		e, _ := ledgerRow(t, file, fmt.Sprintf("R%d", i))
		printed[e.Key] = e.Fingerprint
	}
	raw, err := os.ReadFile(filepath.Join(dir, "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(strings.ReplaceAll(string(raw), `"note":"record R`, `"note":"corrected R`)), 0o600); err != nil {
		t.Fatal(err)
	}

	second := cliodest("activate", "--concurrency", "4", file)
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	<-reached
	if err := second.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = second.Wait()
	close(release)
	// The updates the killed run recorded as done: never sent again.
	recorded := map[string]bool{}
	for i := 1; i <= n; i++ {
		e, _ := ledgerRow(t, file, fmt.Sprintf("R%d", i))
		if e.State == ledger.Delivered && e.Fingerprint != printed[e.Key] {
			recorded[fmt.Sprintf("/api/v4/activities/%d.json", e.ClioID)] = true
		}
	}

	if out, err := cliodest("activate", file).CombinedOutput(); err != nil {
		t.Fatalf("activate after the kill: %v\n%s", err, out)
	}
	if got := ds.sb.Created("activities"); got != created {
		t.Fatalf("the updates created %d objects", got-created)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(recorded) == 0 || len(recorded) > len(answered) {
		t.Fatalf("%d updates recorded before the kill, %d answered", len(recorded), len(answered))
	}
	for p := range recorded {
		if patches[p] != 1 {
			t.Errorf("%s: updated %d times, though the killed run recorded its update", p, patches[p])
		}
	}
	if len(patches) != n {
		t.Errorf("%d objects updated, want %d", len(patches), n)
	}
	for i := 1; i <= n; i++ {
		e, _ := ledgerRow(t, file, fmt.Sprintf("R%d", i))
		if e.State != ledger.Delivered {
			t.Fatalf("R%d: %+v", i, e)
		}
		if note, _ := ds.objectNote(t, e.ClioID); !strings.Contains(note, fmt.Sprintf("corrected R%d", i)) {
			t.Errorf("R%d's object: %s", i, note)
		}
	}
	total := 0
	for _, c := range patches {
		total += c
	}
	if out, err := cliodest("activate", "--json", file).CombinedOutput(); err != nil || !strings.Contains(string(out), `"requests":0`) {
		t.Fatalf("third activate: %v\n%s", err, out)
	}
	t.Logf("%d updates answered before the kill, %d recorded; %d PATCHes in all for %d objects", len(answered), len(recorded), total, n)
}
