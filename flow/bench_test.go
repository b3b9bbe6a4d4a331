package flow

import (
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// BenchmarkSamples3 is the side pane's work on every keystroke: rebuild the
// planner and three sample payloads. Target: well under 1 ms.
func BenchmarkSamples3(b *testing.B) {
	d := timeEntries(&testing.T{})
	recs := []nexset.Record{timeRecord(1), timeRecord(2), timeRecord(3)}
	b.ReportAllocs()
	for b.Loop() {
		s := Samples(d, recs, 3)
		if len(s) != 3 || !s[0].OK() {
			b.Fatalf("samples: %+v", s)
		}
	}
}

// BenchmarkBuild is activation's per-record cost (prepare + body + verdict).
func BenchmarkBuild(b *testing.B) {
	d := timeEntries(&testing.T{})
	p, err := d.Plan()
	if err != nil {
		b.Fatal(err)
	}
	recs := []nexset.Record{timeRecord(1)}
	b.ReportAllocs()
	for b.Loop() {
		if calls, fails := p.Build(recs); len(calls) != 1 || len(fails) != 0 {
			b.Fatal(fails)
		}
	}
}
