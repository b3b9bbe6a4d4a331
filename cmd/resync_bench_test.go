//go:build unix

package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// BenchmarkResyncMillion measures diffing a re-activation: a destination
// whose ledger holds 1,000,000 delivered records (CLIODEST_BENCH_RECORDS
// sets another count), 1 % of them changed in the Nexset since, activated
// again by the built binary with --on-change skip, so the figure is the
// diff alone (read, ledger look-up, and for records not told unchanged by
// their fingerprint's basis: prepare, fingerprint), no request. It reports
// the run's records/s (its own elapsed time), records per CPU second of the
// whole process (what a loaded machine cannot stretch) and the process's
// peak RSS, and the records/s and peak RSS of the first run, which records
// the bases a ledger written without them lacks. Run it with -benchtime
// 1x: setting up the ledger takes longer than the run.
func BenchmarkResyncMillion(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("CLIODEST_BENCH_RECORDS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			b.Fatalf("CLIODEST_BENCH_RECORDS=%q: give a count of at least 100", v)
		}
	}
	bin := buildCliodest(b)
	dir := b.TempDir()
	nexsetPath := filepath.Join(dir, "records.jsonl")
	writeNotes := func(changed func(i int) bool) {
		f, err := os.Create(nexsetPath)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		for i := 1; i <= n; i++ {
			note := fmt.Sprintf("record R%d", i)
			if changed != nil && changed(i) {
				note += ", corrected"
			}
			fmt.Fprintf(w, `{"id":"R%d","date":"2024-03-04","hours":0.5,"note":%q,"matter_id":3001}`+"\n", i, note)
		}
		if err := errors.Join(w.Flush(), f.Close()); err != nil {
			b.Fatal(err)
		}
	}
	writeNotes(nil)
	d := activitiesDestination("resync")
	d.Status = flow.StatusActive
	file := filepath.Join(dir, "resync.yaml")
	if err := flow.Save(file, d); err != nil {
		b.Fatal(err)
	}
	deliveredLedger(b, file, n)
	writeNotes(func(i int) bool { return i%100 == 0 })

	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	srv := httptest.NewServer(sb)
	b.Cleanup(srv.Close)
	token, _ := sb.IssueToken()
	env := append(cleanEnviron(), "CLIODEST_BASE_URL="+srv.URL, "CLIODEST_TOKEN="+token, "CLIODEST_CONFIG_DIR="+b.TempDir())
	// The ledger is written as a build before fingerprint bases wrote it:
	// the first run builds and compares every record and records the bases
	// of the unchanged ones; the runs measured after it tell those quickly.
	first := resyncRun(b, bin, file, env, n)
	var last resyncFigures
	b.ResetTimer()
	for range b.N {
		last = resyncRun(b, bin, file, env, n)
	}
	b.ReportMetric(last.rate, "records/s")
	b.ReportMetric(last.cpuRate, "records/cpu-s")
	b.ReportMetric(last.rss, "peak-RSS-MB")
	b.ReportMetric(first.rate, "first-run-records/s")
	b.ReportMetric(first.rss, "first-run-peak-RSS-MB")
}

// resyncFigures are one re-activation's figures.
type resyncFigures struct {
	rate    float64 // records per second of the run's own elapsed time
	cpuRate float64 // records per CPU second of the whole process, start-up and the read-ahead included
	rss     float64 // peak RSS, MB
}

// resyncRun activates the destination in file with --on-change skip and
// checks that it found n records, n/100 of them changed, and sent nothing.
func resyncRun(b *testing.B, bin, file string, env []string, n int) resyncFigures {
	b.Helper()
	c := exec.Command(bin, "activate", "--on-change", "skip", "--json", file)
	c.Env = env
	out, err := c.Output()
	if err != nil {
		b.Fatalf("activate: %v\n%s", err, out)
	}
	var fin struct {
		Event          string  `json:"event"`
		Records        int     `json:"records"`
		Changed        int     `json:"changed"`
		Requests       int     `json:"requests"`
		ElapsedSeconds float64 `json:"elapsed_seconds"`
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.Contains(line, `"event":"finished"`) {
			if err := json.Unmarshal([]byte(line), &fin); err != nil {
				b.Fatal(err)
			}
		}
	}
	if fin.Records != n || fin.Changed != n/100 || fin.Requests != 0 {
		b.Fatalf("finished %+v, want %d records, %d changed, no request", fin, n, n/100)
	}
	f := resyncFigures{rate: float64(n) / fin.ElapsedSeconds}
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		f.rss = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		f.cpuRate = float64(n) / (float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9)
	}
	return f
}

// deliveredLedger writes the ledger of the destination in file as if every
// record of its Nexset had been delivered (n records), with the
// fingerprints activation makes.
func deliveredLedger(b *testing.B, file string, n int) {
	b.Helper()
	d, err := flow.Load(file)
	if err != nil {
		b.Fatal(err)
	}
	p, err := d.Plan()
	if err != nil {
		b.Fatal(err)
	}
	l, err := ledger.Open(ledger.DefaultPath(file), ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	r, err := nexset.Open(context.Background(), d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	const batch = 1000
	marks := make([]ledger.Entry, 0, batch)
	outs := make([]ledger.Outcome, 0, batch)
	flush := func() {
		if err := l.MarkInFlight(marks); err != nil {
			b.Fatal(err)
		}
		if err := l.Record(outs); err != nil {
			b.Fatal(err)
		}
		marks, outs = marks[:0], outs[:0]
	}
	for i := 1; ; i++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		it, fail := p.Prepare(rec)
		if fail != nil {
			b.Fatal(fail)
		}
		marks = append(marks, ledger.Entry{Key: it.Ref.Key, Pos: it.Ref.Pos, Line: it.Ref.Line, Method: "POST", URL: "/api/v4/activities.json", Run: 1, ContentHash: it.Ref.Hash})
		outs = append(outs, ledger.Outcome{Key: it.Ref.Key, State: ledger.Delivered, HTTPStatus: 201, ClioID: int64(100000 + i), Fingerprint: flowsync.Fingerprint(it.Data)})
		if len(marks) == batch {
			flush()
		}
	}
	if len(marks) > 0 {
		flush()
	}
	if c, err := l.Counts(); err != nil || c[ledger.Delivered] != n {
		b.Fatalf("ledger set up with %v delivered (%v), want %d", c, err, n)
	}
}
