package deliver

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

func timeEntry(id, note string) string {
	return `{"id":` + id + `,"date":"2024-03-04","hours":1.5,"note":"` + note + `","matter_id":3001}` + "\n"
}

func writeNexset(t *testing.T, dir string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(strings.Join(lines, "")), 0o600); err != nil {
		t.Fatal(err)
	}
}

func conflictKeys(t *testing.T, l *ledger.Ledger) []string {
	t.Helper()
	cs, err := l.Conflicts()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Key)
	}
	return out
}

// TestDuplicateKeyNeverSent: neither record of a key used twice is sent;
// both fail on every run with both lines named, the ledger lists the key,
// and once the key is unique the record goes out on retry.
func TestDuplicateKeyNeverSent(t *testing.T) {
	dir := t.TempDir()
	writeNexset(t, dir, timeEntry(`"R1"`, "first R1"), timeEntry(`"R2"`, "R2"), timeEntry(`"R1"`, "second R1"), timeEntry(`"R3"`, "R3"))
	d, file := activityDestOn(t, dir, "records.jsonl")
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	for range 2 {
		var failed []RecordFailed
		s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Events: func(ev Event) {
			if f, ok := ev.(RecordFailed); ok {
				failed = append(failed, f)
			}
		}})
		if s.Failed != 2 || s.Records != 4 {
			t.Fatalf("summary %+v", s)
		}
		for _, f := range failed {
			if f.Key != "R1" || !strings.Contains(f.Message, `key "R1" is used by lines 1 and 3`) {
				t.Errorf("failure %+v", f)
			}
		}
	}
	got := creates(t, e.log)
	if got["first R1"] != 0 || got["second R1"] != 0 || got["R2"] != 1 || got["R3"] != 1 {
		t.Fatalf("creates %v", got)
	}
	ent, ok, err := l.Get("R1")
	if err != nil || !ok || ent.State != ledger.Failed || !strings.Contains(ent.ErrMessage, "lines 1 and 3") {
		t.Fatalf("R1 in the ledger: %+v %v %v", ent, ok, err)
	}
	if ks := conflictKeys(t, l); len(ks) != 1 || ks[0] != "R1" {
		t.Fatalf("conflicts %v", ks)
	}

	// Fixed: the key is unique again, retry sends it and the conflict goes.
	writeNexset(t, dir, timeEntry(`"R1"`, "first R1"), timeEntry(`"R2"`, "R2"), timeEntry(`"R4"`, "second R1"), timeEntry(`"R3"`, "R3"))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry})
	if s.Delivered != 1 || s.Failed != 0 {
		t.Fatalf("retry after the fix: %+v", s)
	}
	if ks := conflictKeys(t, l); len(ks) != 0 {
		t.Fatalf("conflicts after the fix: %v", ks)
	}
	if got := creates(t, e.log); got["first R1"] != 1 || got["second R1"] != 0 {
		t.Fatalf("creates after the fix %v", got)
	}
}

// TestDuplicateOfDeliveredKey: the case. A record added under a key
// already delivered is a failure naming both lines on every run, never
// "skipped (already delivered)"; the delivered record keeps its delivery.
func TestDuplicateOfDeliveredKey(t *testing.T) {
	dir := t.TempDir()
	writeNexset(t, dir, timeEntry(`"R1"`, "R1"), timeEntry(`"R2"`, "R2"))
	d, file := activityDestOn(t, dir, "records.jsonl")
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Delivered != 2 {
		t.Fatalf("first run %+v", s)
	}
	before, _, _ := l.Get("R1")
	writeNexset(t, dir, timeEntry(`"R1"`, "R1"), timeEntry(`"R2"`, "R2"), timeEntry(`"R1"`, "late R1"))
	for _, mode := range []string{ledger.ModeActivate, ledger.ModeRetry, ledger.ModeActivate} {
		s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: mode})
		if s.Failed != 2 || s.Skipped != 1 || s.Delivered != 0 {
			t.Fatalf("%s: summary %+v", mode, s)
		}
	}
	after, _, _ := l.Get("R1")
	if after.State != ledger.Delivered || after.ClioID != before.ClioID {
		t.Fatalf("R1 lost its delivery: %+v", after)
	}
	cs, err := l.Conflicts()
	if err != nil || len(cs) != 1 || !strings.Contains(cs[0].Message, `key "R1" is used by lines 1 and 3`) {
		t.Fatalf("conflicts %+v %v", cs, err)
	}
	if got := creates(t, e.log); got["late R1"] != 0 || got["R1"] != 1 {
		t.Fatalf("creates %v", got)
	}
}

// TestBigIntegerKeysDistinct: two keys a float64 would read as one are two
// records, each delivered once.
func TestBigIntegerKeysDistinct(t *testing.T) {
	dir := t.TempDir()
	writeNexset(t, dir, timeEntry("12345678901234567890", "a"), timeEntry("12345678901234567891", "b"), timeEntry("6", "c"), timeEntry("6.0", "d"))
	d, file := activityDestOn(t, dir, "records.jsonl")
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Delivered != 4 {
		t.Fatalf("summary %+v", s)
	}
	states, err := l.States([]string{"12345678901234567890", "12345678901234567891", "6", "6.0"})
	if err != nil || len(states) != 4 {
		t.Fatalf("ledger keys %v %v", states, err)
	}
}

// TestDuplicateKeyOnStdin: a stream cannot be read ahead; its first record
// of a key is sent and a later one fails, naming both lines.
func TestDuplicateKeyOnStdin(t *testing.T) {
	dir := t.TempDir()
	writeNexset(t, dir)
	d, file := activityDestOn(t, dir, "records.jsonl")
	d.Nexset.Path = "-"
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	in := timeEntry(`"R1"`, "first R1") + timeEntry(`"R2"`, "R2") + timeEntry(`"R1"`, "second R1")
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Stdin: strings.NewReader(in)})
	if s.Delivered != 2 || s.Failed != 1 {
		t.Fatalf("summary %+v", s)
	}
	if got := creates(t, e.log); got["first R1"] != 1 || got["second R1"] != 0 {
		t.Fatalf("creates %v", got)
	}
	cs, err := l.Conflicts()
	if err != nil || len(cs) != 1 || !strings.Contains(cs[0].Message, "lines 1 and 3") {
		t.Fatalf("conflicts %+v %v", cs, err)
	}
}
