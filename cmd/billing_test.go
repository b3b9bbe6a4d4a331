package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// firmBilling is a 30-row billing export shaped like a firm's (issue 22):
// Entry #, Work Date (M/D/YYYY), Hrs., Billable? (Y/N: N on entries 1004,
// 1011, 1019 and 1027), Activity (names), Narrative (commas, quotes, an em
// dash, accents, a line break, &), Rate, Internal Notes, Matter ID,
// Timekeeper ID and 10 columns of no interest.
var firmBilling, _ = filepath.Abs(filepath.Join("testdata", "firm-billing.csv"))

var nonBillableEntries = map[string]bool{"1004": true, "1011": true, "1019": true, "1027": true}

// newBilling writes a destination for the export with new --suggest and
// extra flags, and returns its path and new's output.
func newBilling(t *testing.T, extra ...string) (string, int, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "billing.yaml")
	args := append([]string{"new", "--no-input", "-o", out, "--name", "Billing", "--nexset", firmBilling, "--key", "Entry #",
		"--credential", "firm", "--template", "create_activity", "--map", "date=Work Date:date:MM/DD/YYYY",
		"--map", "reference=Entry #:string", "--exclude", "Internal Notes", "--suggest"}, extra...)
	code, stdout, stderr := runCmd(t, nil, args...)
	return out, code, stdout + stderr
}

// TestBillingReachesClioTheRightWayRound is the first-hour issue's billing
// case: Y rows reach the sandbox as non_billable: false, whether mapped by
// the suggestion (boolean:not) or with values:, and every narrative
// arrives as written (& not \u0026).
func TestBillingReachesClioTheRightWayRound(t *testing.T) {
	for _, tc := range []struct {
		name    string
		extra   []string
		wantMap string
	}{
		{"suggested boolean:not", nil, "map non_billable=Billable?:boolean:not"},
		{"values", []string{"--map", "non_billable=Billable?:values:Y=false,N=true"}, "map non_billable=Billable?:values:Y=false,N=true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file, code, out := newBilling(t, tc.extra...)
			if code != 0 {
				t.Fatalf("new: exit %d\n%s", code, out)
			}
			for _, want := range []string{tc.wantMap, "map quantity=Hrs.:hours_to_seconds", "map type=TimeEntry (constant)",
				"map note=Narrative", "map price=Rate", "map matter.id=Matter ID", "map user.id=Timekeeper ID",
				`column 3 "Hrs." is taken as one name`} {
				if !strings.Contains(out, want) {
					t.Errorf("new's output lacks %q:\n%s", want, out)
				}
			}
			var wire bytes.Buffer // the bodies as sent (the sandbox's log re-encodes them)
			var mu sync.Mutex
			ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					body, _ := io.ReadAll(r.Body)
					mu.Lock()
					wire.Write(body)
					mu.Unlock()
					r.Body = io.NopCloser(bytes.NewReader(body))
					h.ServeHTTP(w, r)
				})
			})
			tio := newTestFactory(t, ds.env(t))
			if code := run(tio.f, []string{"activate", file}); code != 0 {
				t.Fatalf("activate: exit %d\n%s%s", code, tio.out, tio.errOut)
			}
			if n := ds.sb.Created("activities"); n != 30 {
				t.Fatalf("created %d activities, want 30", n)
			}
			got := storedActivities(t, ds)
			if len(got) != 30 {
				t.Fatalf("read back %d activities", len(got))
			}
			for ref, a := range got {
				if a.NonBillable != nonBillableEntries[ref] {
					t.Errorf("entry %s: non_billable %v in Clio, want %v", ref, a.NonBillable, nonBillableEntries[ref])
				}
			}
			if a := got["1001"]; a.Note != "Call with A & B re: settlement; left voicemail (entry 1001)" {
				t.Errorf("entry 1001's note in Clio: %q", a.Note)
			}
			if a := got["1003"]; a.Note != "Prepared bundle for hearing\nIndexed exhibits 1–40 (entry 1003)" {
				t.Errorf("entry 1003's note in Clio: %q", a.Note)
			}
			mu.Lock()
			defer mu.Unlock()
			if sent := wire.String(); strings.Contains(sent, `\u0026`) || !strings.Contains(sent, `"note":"Call with A & B re: settlement`) {
				t.Errorf("the & was escaped on the wire")
			}
		})
	}
}

type storedActivity struct {
	Reference   string `json:"reference"`
	NonBillable bool   `json:"non_billable"`
	Note        string `json:"note"`
}

// storedActivities reads the sandbox's activities back through its API,
// keyed by reference (the export's Entry #).
func storedActivities(t *testing.T, ds *deliverSandbox) map[string]storedActivity {
	t.Helper()
	var page struct {
		Data []storedActivity `json:"data"`
	}
	sandboxGet(t, ds, "/api/v4/activities.json?fields=reference,non_billable,note&limit=200", &page)
	out := map[string]storedActivity{}
	for _, a := range page.Data {
		if a.Reference != "" { // the seeded activities have none
			out[a.Reference] = a
		}
	}
	return out
}

// Mapped plainly, Billable? Y would be sent as non_billable: true: the
// samples and validate say so, and validate ends "valid, with N warnings".
func TestBillingPlainMappingWarns(t *testing.T) {
	file, code, out := newBilling(t, "--map", "non_billable=Billable?:boolean")
	if code != 0 {
		t.Fatalf("new: exit %d\n%s", code, out)
	}
	want := `Billable? is "Y", sent as non_billable: true, but the names say opposite things: if "Y" means billable, convert with boolean:not`
	code, stdout, stderr := runCmd(t, nil, "preview", "--records", "1", file)
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("preview: exit %d, lacks %q:\n%s%s", code, want, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, nil, "validate", file)
	if code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("validate: exit %d, stderr lacks the warning:\n%s", code, stderr)
	}
	// One warning per sample record (Y and N alike), and the note that
	// Hrs. is taken as one name.
	if !strings.Contains(stdout, "is valid, with 11 warnings: 10 sample records produce requests Clio accepts") {
		t.Errorf("validate's verdict:\n%s%s", stdout, stderr)
	}
}

// Excluding a mapped column says what disappears, and validate's verdict
// counts it.
func TestBillingExcludedSourceWarns(t *testing.T) {
	file, code, out := newBilling(t, "--exclude", "Rate")
	if code != 0 {
		t.Fatalf("new: exit %d\n%s", code, out)
	}
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	d.Mapping = append(d.Mapping, flow.Mapping{Target: "price", Source: "Rate"})
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, nil, "validate", file)
	if code != 0 || !strings.Contains(stderr, "Rate is excluded, but it is mapped to price: price will not be sent") || !strings.Contains(stdout, "is valid, with 2 warnings") {
		t.Errorf("validate: exit %d\n%s%s", code, stdout, stderr)
	}
}

// new --suggest exits 1 when what it wrote would be refused (no hours or
// price tells an Activity's type), and still writes the paused file.
func TestNewSuggestExitsWhenRefused(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "notes.csv")
	var b bytes.Buffer
	b.WriteString("Work Date,Narrative,Matter ID\n")
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&b, "2026-03-0%d,Call %d,3001\n", i, i)
	}
	if err := os.WriteFile(csv, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "notes.yaml")
	code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", out, "--name", "Notes", "--nexset", csv,
		"--credential", "firm", "--template", "create_activity", "--suggest")
	if code != exitFailed || !strings.Contains(stderr, "missing data.type") || !strings.Contains(stderr, "is written (paused)") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if d, err := flow.Load(out); err != nil || d.Status != flow.StatusPaused {
		t.Errorf("the file was not written paused: %v", err)
	}
}

// sandboxGet reads one answer of the sandbox's API into v.
func sandboxGet(t *testing.T, ds *deliverSandbox, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ds.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+ds.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
	}
}
