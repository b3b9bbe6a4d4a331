package home

import (
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/internal/cputime"
)

// benchFolder is a folder of n destination files whose ledgers hold per
// records each (a ledger is written once, then copied under each id).
func benchFolder(b *testing.B, n, per int) string {
	b.Helper()
	dir := b.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "samples", "expenses.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	const sampleID = "id: "
	lines := strings.Split(string(src), "\n")
	idLine := slices.IndexFunc(lines, func(s string) bool { return strings.HasPrefix(s, sampleID) })
	first := filepath.Join(dir, "dest-000.yaml")
	for i := range n {
		lines[idLine] = fmt.Sprintf("id: bench-%03d", i)
		path := filepath.Join(dir, fmt.Sprintf("dest-%03d.yaml", i))
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	l, err := ledger.Open(ledger.DefaultPath(first), ledger.Identity{ID: "bench-000", Name: "Expenses"})
	if err != nil {
		b.Fatal(err)
	}
	run, _ := l.StartRun(ledger.ModeActivate)
	const chunk = 1000
	for start := 0; start < per; start += chunk {
		var es []ledger.Entry
		var outs []ledger.Outcome
		for i := start; i < min(start+chunk, per); i++ {
			k := fmt.Sprintf("K-%07d", i)
			es = append(es, ledger.Entry{Key: k, Pos: i + 1, Line: i + 1, Method: "POST", URL: "https://app.clio.com/api/v4/activities.json"})
			st := ledger.Delivered
			if i%100 == 0 {
				st = ledger.Failed
			}
			outs = append(outs, ledger.Outcome{Key: k, State: st, HTTPStatus: 201, ClioID: int64(i + 1)})
		}
		if err := l.MarkInFlight(es); err != nil {
			b.Fatal(err)
		}
		if err := l.Record(outs); err != nil {
			b.Fatal(err)
		}
	}
	if err := l.FinishRun(run, ledger.RunSummary{Records: per, Delivered: per}); err != nil {
		b.Fatal(err)
	}
	if err := l.Close(); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(ledger.DefaultPath(first))
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i < n; i++ {
		lp := ledger.DefaultPath(filepath.Join(dir, fmt.Sprintf("dest-%03d.yaml", i)))
		if err := os.WriteFile(lp, data, 0o600); err != nil {
			b.Fatal(err)
		}
		db, err := sql.Open("sqlite", "file:"+lp)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE meta SET value = ? WHERE key = 'destination_id'`, fmt.Sprintf("bench-%03d", i)); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	return dir
}

// BenchmarkHomeFirstFrame: from nothing to the first frame of the home on
// 200 destination files whose ledgers hold 1,000,000 records in all (the
// counts load after it, in the background). The README quotes it.
func BenchmarkHomeFirstFrame(b *testing.B) {
	dir := benchFolder(b, 200, 5000)
	b.ResetTimer()
	cpu := cputime.Process()
	for b.Loop() {
		rows, err := scan(dir)
		if err != nil || len(rows) != 200 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
		m := newModel(b.Context(), Options{Dir: dir, Location: time.UTC}, rows, newRuns())
		m.Update(tea.WindowSizeMsg{Width: 140, Height: 45})
		_ = m.View()
	}
	b.ReportMetric(float64((cputime.Process()-cpu).Microseconds())/1000/float64(b.N), "CPU-ms/op")
}

// BenchmarkHomeCounts: the background load of every row's counts and last
// run, for the same folder.
func BenchmarkHomeCounts(b *testing.B) {
	dir := benchFolder(b, 200, 5000)
	b.ResetTimer()
	cpu := cputime.Process()
	for b.Loop() {
		rows, _ := scan(dir)
		for i := range rows {
			r := reload(rows[i])
			g := readGlance(&r, nil)
			if g.counts[ledger.Delivered] != 4950 {
				b.Fatalf("row %d: %v %s", i, g.counts, g.ledgerErr)
			}
		}
	}
	b.ReportMetric(float64((cputime.Process()-cpu).Microseconds())/1000/float64(b.N), "CPU-ms/op")
}

// BenchmarkLiveViewRender: one progress update of a run drawn in the live
// view (the event taken, the frame rendered) at 140×45 with five recent
// failures; reports the p99 of single renders in ms.
func BenchmarkLiveViewRender(b *testing.B) {
	rs := newRuns()
	m := newModel(b.Context(), Options{Dir: ".", Location: time.UTC}, nil, rs)
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 45})
	l := &live{file: "x.yaml", changed: make(chan struct{}, 1), done: make(chan struct{})}
	rs.m[l.file] = l
	m.liveFile, m.screen = l.file, liveScreen
	for i := range recentFailures {
		l.event(deliver.RecordFailed{Pos: i, Line: i + 1, Key: fmt.Sprint("K-", i), Status: 422, State: "failed", Message: "date: is not a valid date"})
	}
	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		l.event(deliver.Progress{Done: i, Delivered: i, Total: 1_000_000, Rate: 20, Requests: i,
			Pacing: deliver.Pacing{Limit: 50, Window: time.Minute, Held: 2, NextIn: time.Second}})
		<-l.changed
		m.Update(liveMsg{file: l.file})
		io.WriteString(io.Discard, m.View().Content)
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}
