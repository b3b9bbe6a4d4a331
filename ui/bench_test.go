package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// hugeNexset writes valid JSON Lines at the start of a sparse 1 GiB file:
// the wizard must draw its first frame without reading past a head.
func hugeNexset(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "huge.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	for range 1000 {
		f.WriteString(strings.SplitN(timeEntries, "\n", 2)[0] + "\n")
	}
	if err := f.Truncate(1 << 30); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// BenchmarkFirstFrame measures model construction + Init + first View with
// a 1 GiB Nexset selected (cliodest edit of a destination that points at
// it). Counting happens in a background Cmd, not measured here because the
// first frame does not wait for it.
func BenchmarkFirstFrame(b *testing.B) {
	path := hugeNexset(b)
	dir := filepath.Dir(path)
	dest := filepath.Join(dir, "d.yaml")
	yaml := "version: 1\nid: 0123456789abcdef0123456789abcdef\nname: d\nstatus: paused\nnexset:\n  path: huge.jsonl\ncredential: \"\"\nendpoint:\n  template: create_activity\napi_version: 4.0.10\nbatching:\n  enabled: false\nresponse_webhook:\n  enabled: false\n"
	if err := os.WriteFile(dest, []byte(yaml), 0o600); err != nil {
		b.Fatal(err)
	}
	o := Options{Env: func(string) string { return "" }, EditPath: dest}
	for b.Loop() {
		m, err := newModel(context.Background(), o)
		if err != nil {
			b.Fatal(err)
		}
		_ = m.Init() // returns the head and count Cmds; Bubble Tea runs them off the UI goroutine
		_ = m.View()
		m.shutdown()
	}
}

// BenchmarkHeadOfHugeNexset is the head read the Nexset step starts at
// once: it reads the first records of a 1 GiB file, not the file.
func BenchmarkHeadOfHugeNexset(b *testing.B) {
	path := hugeNexset(b)
	m, err := newModel(context.Background(), Options{Env: func(string) string { return "" }})
	if err != nil {
		b.Fatal(err)
	}
	defer m.shutdown()
	s := m.steps[stepNexset].(*nexsetStep)
	s.fm.get("path").set(path)
	for b.Loop() {
		batch := s.load(&m.stepEnv)().(tea.BatchMsg)
		if msg := batch[0]().(nexsetHeadMsg); len(msg.recs) != headRecords {
			b.Fatalf("head = %d records, %v", len(msg.recs), msg.err)
		}
		s.cancelCt() // the count in batch[1] is never started
	}
}

// BenchmarkKeystroke measures Update + View per key on the Exclude step
// with the side pane showing 3 samples, and reports the 99th percentile.
func BenchmarkKeystroke(b *testing.B) {
	m := newBenchFixture(b)
	keysCycle := []tea.KeyPressMsg{keyMsg("space"), keyMsg("down"), keyMsg("space"), keyMsg("up")}
	durs := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		start := time.Now()
		_, _ = m.Update(keysCycle[i%len(keysCycle)])
		_ = m.View()
		durs = append(durs, time.Since(start))
		i++
	}
	slices.Sort(durs)
	if len(durs) > 0 {
		b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds()), "p99-µs/key")
	}
}

// newBenchFixture is a wizard on the Exclude step with a loaded Nexset and
// a template whose samples are accepted.
func newBenchFixture(b *testing.B) *model {
	b.Helper()
	dir := b.TempDir()
	path := filepath.Join(dir, "entries.jsonl")
	if err := os.WriteFile(path, []byte(timeEntries), 0o600); err != nil {
		b.Fatal(err)
	}
	m, err := newModel(context.Background(), Options{Env: func(string) string { return "" }, StartDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(m.shutdown)
	m.noSpin = true
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 45})
	s := m.steps[stepNexset].(*nexsetStep)
	s.fm.get("path").set(path)
	for _, c := range s.load(&m.stepEnv)().(tea.BatchMsg)[:2] {
		m.Update(c())
	}
	m.goTo(stepEndpoint)
	m.goTo(stepMapping)
	m.d.Mapping = append(m.d.Mapping, mustSet(b, "type=TimeEntry"))
	m.goTo(stepExclude)
	m.refreshSamples()
	if len(m.pane.samples) != 3 || !m.pane.samples[0].OK() {
		b.Fatalf("want 3 accepted samples, got %+v", m.pane.samples)
	}
	return m
}
