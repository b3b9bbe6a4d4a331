package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

const lookupCSV = `entry_id,work_date,hours,matter_number,lawyer,activity,narrative
E1,2026-11-02,1.5,00042-Whitfield,Marcus@Firm.example,Drafting,one
E2,2026-11-02,0.5,00042-Whitfield Estate,priya@firm.example, client meeting ,two
E3,2026-11-03,2,100042-Marsh,jane@firm.example,Legal research,three
E4,2026-11-03,1,00099-Nobody,jane@firm.example,Drafting,four
E5,2026-11-04,1,00042-Whitfield,marcus@firm.example,Drafting,five
`

// lookupDest writes a time-entry destination that names matters by display
// number, lawyers by e-mail and activities by name.
func lookupDest(t testing.TB, csv string) (*flow.Destination, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "time.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	d := flow.New("lookups")
	d.Nexset = flow.NexsetRef{Path: "time.csv", Key: "entry_id"}
	d.Credential = "firm"
	d.Endpoint = flow.Endpoint{Template: "create_activity"}
	d.Mapping = []flow.Mapping{
		{Target: "type", Value: "TimeEntry", Const: true},
		{Target: "date", Source: "work_date", Convert: "date"},
		{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"},
		{Target: "note", Source: "narrative"},
		{Target: "matter.id", Source: "matter_number", Convert: "lookup:matters.display_number"},
		{Target: "user.id", Source: "lawyer", Convert: "lookup:users.email"},
		{Target: "activity_description.id", Source: "activity", Convert: "lookup:activity_descriptions.name"},
	}
	path := filepath.Join(dir, "lookups.yaml")
	return saveDest(t, d, path), path
}

// sentIDs maps each created activity's note to its matter, user and
// activity description IDs, as the sandbox received them.
func sentIDs(t *testing.T, log *syncBuffer) map[string][3]int64 {
	t.Helper()
	out := map[string][3]int64{}
	for _, e := range log.entries(t) {
		if e.Method != "POST" || e.ID == 0 {
			continue
		}
		var b struct {
			Data struct {
				Note   string
				Matter struct{ ID int64 }
				User   struct{ ID int64 }
				Desc   struct{ ID int64 } `json:"activity_description"`
			}
		}
		if err := json.Unmarshal(e.Body, &b); err != nil {
			t.Fatal(err)
		}
		out[b.Data.Note] = [3]int64{b.Data.Matter.ID, b.Data.User.ID, b.Data.Desc.ID}
	}
	return out
}

func lookupRequests(t *testing.T, log *syncBuffer) []string {
	t.Helper()
	var out []string
	for _, e := range log.entries(t) {
		if e.Method == "GET" {
			out = append(out, e.Path)
		}
	}
	return out
}

// TestLookupDelivery: the right IDs reach Clio, the unknown matter fails by
// name, each distinct value costs one call, a second activation looks
// nothing up (a record not sent is not looked up), --refresh-lookups
// forgets the cache, and retry resolves a fixed value.
func TestLookupDelivery(t *testing.T) {
	ev := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, path := lookupDest(t, lookupCSV)
	l := openLedger(t, d, path)
	var failed []string
	o := Options{Destination: d, Ledger: l, Client: ev.client, Events: func(e Event) {
		if f, ok := e.(RecordFailed); ok {
			failed = append(failed, f.Message)
		}
	}}
	s, err := Run(context.Background(), o)
	if err == nil && s.Failed != 1 {
		t.Fatalf("first run: %+v", s)
	}
	want := map[string][3]int64{
		"one":   {sandbox.MatterWhitfield, sandbox.UserMarcus, sandbox.DescDrafting},
		"two":   {sandbox.MatterWhitfieldEstate, sandbox.UserPriya, sandbox.DescClientMeeting},
		"three": {sandbox.MatterMarsh, sandbox.UserJane, sandbox.DescResearch},
		"five":  {sandbox.MatterWhitfield, sandbox.UserMarcus, sandbox.DescDrafting},
	}
	if got := sentIDs(t, ev.log); len(got) != 4 || got["one"] != want["one"] || got["two"] != want["two"] || got["three"] != want["three"] || got["five"] != want["five"] {
		t.Fatalf("sent %v, want %v", got, want)
	}
	if len(failed) != 1 || !strings.Contains(failed[0], `matter_number: no matter with display_number 00099-Nobody`) {
		t.Errorf("failures %q", failed)
	}
	// 4 distinct matters, users once, activity descriptions once.
	if got := lookupRequests(t, ev.log); len(got) != 6 || s.Lookups != 6 || s.LookupFailures != 1 {
		t.Errorf("%d look-ups (summary %d, %d failures): %v", len(got), s.Lookups, s.LookupFailures, got)
	}

	// Again: nothing to send (the failed record is retry's), nothing looked up.
	n := len(ev.log.entries(t))
	o.Events = nil
	s, _ = Run(context.Background(), o)
	if s.Delivered != 0 || s.Skipped != 4 || s.Left != 1 || s.Lookups != 0 || len(ev.log.entries(t)) != n {
		t.Errorf("second run: %+v", s)
	}

	// --refresh-lookups forgets the cache; with nothing to send, nothing is asked.
	o.RefreshLookups = true
	s, _ = Run(context.Background(), o)
	if s.Lookups != 0 || s.Delivered != 0 {
		t.Errorf("refresh: %+v", s)
	}

	// The Nexset fixed: retry resolves the new value and sends the record.
	fixed := strings.Replace(lookupCSV, "00099-Nobody", "00042-Whitfield Estate", 1)
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "time.csv"), []byte(fixed), 0o600); err != nil {
		t.Fatal(err)
	}
	o.RefreshLookups = false
	o.Mode = ledger.ModeRetry
	s = run(t, context.Background(), o)
	if s.Delivered != 1 || s.Failed != 0 || s.Lookups != 3 {
		t.Errorf("retry: %+v (the cache was forgotten: the record's matter, the users and the descriptions)", s)
	}
	if got := sentIDs(t, ev.log)["four"]; got[0] != sandbox.MatterWhitfieldEstate {
		t.Errorf("retry sent %v", got)
	}
}

// TestLookupDryRun: a dry run with a client resolves and reports failures;
// without one it needs none and sends nothing.
func TestLookupDryRun(t *testing.T) {
	ev := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, path := lookupDest(t, lookupCSV)
	l := openLedger(t, d, path)
	s, _ := Run(context.Background(), Options{Destination: d, Ledger: l, Client: ev.client, Mode: ledger.ModeDryRun})
	if s.Failed != 1 || s.WouldSend != 4 || s.Lookups != 6 {
		t.Errorf("dry run with a client: %+v", s)
	}
	s, err := Run(context.Background(), Options{Destination: d, Ledger: l, Mode: ledger.ModeDryRun})
	if err != nil || s.Failed != 0 || s.WouldSend != 5 || s.Lookups != 0 {
		t.Errorf("dry run without a client: %+v %v", s, err)
	}
	for _, e := range ev.log.entries(t) {
		if e.Method != "GET" {
			t.Errorf("a dry run sent %s %s", e.Method, e.Path)
		}
	}
}

// BenchmarkLookups: 10,000 records naming 200 matters by display number and
// 30 users by e-mail, checked by dry runs against the sandbox with a
// credential (look-ups are made, nothing is sent). The first run may cost
// at most 200 queries + the pages of users; the second, with the values
// cached in the ledger, none.
func BenchmarkLookups(b *testing.B) {
	const records, matters, users = 10000, 200, 30
	var cfg sandbox.Config
	cfg.RateLimit = -1
	for i := range users {
		cfg.ExtraUsers = append(cfg.ExtraUsers, sandbox.SeedUser{ID: 1101 + int64(i), FirstName: "Bench", LastName: fmt.Sprintf("User %02d", i),
			Email: fmt.Sprintf("user%02d@bench.example", i), Rate: 200})
	}
	for i := range matters {
		cfg.ExtraMatters = append(cfg.ExtraMatters, sandbox.SeedMatter{ID: 3101 + int64(i), Number: 500 + i,
			DisplayNumber: fmt.Sprintf("%05d-Bench", 500+i), Description: "bench", Status: "Open", Client: sandbox.ContactAcme, Responsible: sandbox.UserJane})
	}
	var csv strings.Builder
	csv.WriteString("entry_id,work_date,hours,matter_number,lawyer,activity,narrative\n")
	for i := range records {
		fmt.Fprintf(&csv, "B%d,2026-11-02,1,%05d-Bench,user%02d@bench.example,Drafting,entry %d\n", i, 500+i%matters, i%users, i)
	}
	for range b.N {
		b.StopTimer()
		ev := startSandbox(b, cfg)
		d, path := lookupDest(b, csv.String())
		l := openLedgerB(b, d, path)
		o := Options{Destination: d, Ledger: l, Client: ev.client, Mode: ledger.ModeDryRun}
		b.StartTimer()
		first, err := Run(context.Background(), o)
		if err != nil || first.Failed != 0 || first.WouldSend != records {
			b.Fatalf("first run: %v %+v", err, first)
		}
		second, err := Run(context.Background(), o)
		b.StopTimer()
		if err != nil || second.Failed != 0 {
			b.Fatalf("second run: %v %+v", err, second)
		}
		userPages := (users + len(sandbox.Seed.Users) + 199) / 200
		if first.Lookups > matters+userPages+1 || second.Lookups != 0 { // +1: the activity descriptions
			b.Fatalf("look-ups: first run %d (at most %d), second %d", first.Lookups, matters+userPages+1, second.Lookups)
		}
		b.ReportMetric(float64(first.Lookups), "lookups-first-run")
		b.ReportMetric(float64(second.Lookups), "lookups-second-run")
		b.ReportMetric(first.Elapsed.Seconds(), "s-first-run")
		b.ReportMetric(float64(second.Elapsed.Microseconds())/records, "µs/record-cached-run")
	}
}
