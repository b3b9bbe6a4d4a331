package cmd

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestStatusAfterRejections reads the ledger of a run with two records
// Clio refused, as text and as JSON.
func TestStatusAfterRejections(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), 6, func(i int) bool { return i == 2 || i == 5 })
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", file}); code != exitFailed {
		t.Fatalf("activate exit %d", code)
	}

	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--failed", "--in-doubt", file}); code != 0 {
		t.Fatalf("status exit %d: %s", code, tio.errOut)
	}
	out := tio.out.String()
	for _, want := range []string{
		"activities (active)\n", "  in flight  0\n", "  delivered  4\n", "  in doubt   0\n",
		"Last run: activate", "finished: delivered 4, failed 2, skipped 0, in doubt 0, 6 request(s)",
		"Failed (2), lines of records.jsonl:", "POS  LINE  KEY  STATUS  METHOD  MESSAGE",
		"  2    2     R2   422     POST    data.matter.id: Matter 999999 does not exist",
		"In doubt: none",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "_") || strings.Contains(out, "stopped") {
		t.Errorf("status shows a raw state name or a stop:\n%s", out)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--failed", "--json", file}); code != 0 {
		t.Fatalf("status --json exit %d: %s", code, tio.errOut)
	}
	var m struct {
		Nexset  string           `json:"nexset"`
		Counts  map[string]int   `json:"counts"`
		LastRun map[string]any   `json:"last_run"`
		Failed  []map[string]any `json:"failed"`
	}
	if err := json.Unmarshal([]byte(tio.out.String()), &m); err != nil {
		t.Fatal(err)
	}
	if m.Nexset != "records.jsonl" || m.Counts["delivered"] != 4 || m.Counts["failed"] != 2 || len(m.Failed) != 2 {
		t.Fatalf("report: %s", tio.out)
	}
	for _, want := range []string{"mode", "started_at", "finished_at", "not_sent", "rate_limit_wait_seconds"} {
		if _, ok := m.LastRun[want]; !ok {
			t.Errorf("last_run lacks %q: %v", want, m.LastRun)
		}
	}
	f := m.Failed[0]
	if f["pos"] != 2.0 || f["line"] != 2.0 || f["key"] != "R2" || f["http_status"] != 422.0 || f["state"] != "failed" ||
		!strings.Contains(f["error_message"].(string), "does not exist") {
		t.Errorf("failed[0] = %v", f)
	}
}

func TestStatusOfARunThatDidNotFinish(t *testing.T) {
	rep := statusReport{Destination: "d", Status: "active", Counts: map[ledger.State]int{ledger.InFlight: 3},
		LastRun: &runJSON{Mode: "activate", StartedAt: time.Now(), NotSent: 40, Interrupted: true, Error: "interrupted", Finished: true}}
	var b strings.Builder
	writeStatus(&b, rep, false, false)
	if !strings.Contains(b.String(), "interrupted: delivered 0, failed 0, skipped 0, in doubt 0, not sent 40,") ||
		strings.Contains(b.String(), "stopped: interrupted") {
		t.Errorf("status:\n%s", b.String())
	}
	rep.LastRun = &runJSON{Mode: "retry", StartedAt: time.Now()}
	b.Reset()
	writeStatus(&b, rep, false, false)
	if !strings.Contains(b.String(), "not finished (still running, or the process was killed)") {
		t.Errorf("status:\n%s", b.String())
	}
}

// TestStatusListsLines: the failed and in-doubt lists name each record's
// line in the Nexset beside its position (they differ in CSV and JSON
// arrays), and "-" for a record recorded before ledgers kept lines.
func TestStatusListsLines(t *testing.T) {
	tests := []struct {
		name          string
		rep           statusReport
		failed, doubt bool
		want, not     []string
	}{
		{
			name: "failed, CSV lines",
			rep: statusReport{Destination: "d", Status: "active", Nexset: "rows.csv", Failed: []entryJSON{
				{Pos: 1, Line: 2, Key: "A", State: ledger.Failed, HTTPStatus: 422, Method: "POST", ErrMessage: "bad matter"},
				{Pos: 12, Line: 31, Key: "B", State: ledger.Failed, ErrMessage: "date: not a date"},
			}},
			failed: true,
			want: []string{"Failed (2), lines of rows.csv:\n", "  POS  LINE  KEY  STATUS  METHOD  MESSAGE\n",
				"  1    2     A    422     POST    bad matter\n", "  12   31    B    -               date: not a date\n"},
			not: []string{"In doubt"},
		},
		{
			name: "in doubt, line unknown in an upgraded ledger",
			rep: statusReport{Destination: "d", Status: "active", Nexset: "rows.json", InDoubt: []entryJSON{
				{Pos: 3, Line: 0, Key: "C", State: ledger.InDoubt, Method: "POST"},
				{Pos: 4, Line: 9, Key: "D", State: ledger.InDoubt, Method: "PATCH"},
			}},
			doubt: true,
			want:  []string{"In doubt (2), lines of rows.json:\n", "  3    -     C    -       POST", "  4    9     D    -       PATCH"},
			not:   []string{"Failed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writeStatus(&b, tt.rep, tt.failed, tt.doubt)
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("status lacks %q:\n%s", w, b.String())
				}
			}
			for _, n := range tt.not {
				if strings.Contains(b.String(), n) {
					t.Errorf("status has %q:\n%s", n, b.String())
				}
			}
		})
	}

	// JSON: a known line is a number, an unknown one is absent, not 0.
	data, err := json.Marshal([]entryJSON{{Pos: 3, Line: 7, Key: "x"}, {Pos: 4, Key: "y"}})
	if err != nil {
		t.Fatal(err)
	}
	var es []map[string]any
	if err := json.Unmarshal(data, &es); err != nil {
		t.Fatal(err)
	}
	if es[0]["line"] != 7.0 {
		t.Errorf("line of a known record: %s", data)
	}
	if _, ok := es[1]["line"]; ok {
		t.Errorf("an unknown line is reported: %s", data)
	}
}

// A run whose process was killed wrote no counts: status says so rather
// than "delivered 0, failed 0" beside a ledger that holds its deliveries,
// and says what becomes of the records it left in flight.
func TestStatusOfAKilledRun(t *testing.T) {
	rep := statusReport{Destination: "d", Status: "active", Counts: map[ledger.State]int{ledger.Delivered: 118, ledger.InFlight: 8},
		LastRun: &runJSON{Mode: "activate", StartedAt: time.Now(), Interrupted: true}}
	var b strings.Builder
	writeStatus(&b, rep, false, false)
	s := b.String()
	for _, want := range []string{"did not finish (the process stopped); it recorded no counts (the ledger's are above)",
		"8 in flight: sent by a run that stopped before their answers were recorded; the next activate or retry marks them in doubt, and retry --in-doubt looks them up in Clio"} {
		if !strings.Contains(s, want) {
			t.Errorf("status lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "delivered 0") {
		t.Errorf("status shows the killed run's unrecorded counts as zeros:\n%s", s)
	}
}
