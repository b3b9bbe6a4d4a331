package ledger

import (
	"strconv"
	"sync/atomic"
	"testing"
)

// benchMarkAndRecord measures the engine's ledger traffic: per record one
// MarkInFlight before the request and one Record after, batch records per
// call, from many goroutines at once.
func benchMarkAndRecord(b *testing.B, batch int, o options) {
	path := b.TempDir() + "/bench.ledger.db"
	l, err := open(path, testDest, o)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	var seq atomic.Int64
	b.SetParallelism(16) // 16 goroutines per CPU: the engine's concurrent senders
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		entries := make([]Entry, batch)
		outcomes := make([]Outcome, batch)
		for pb.Next() {
			base := seq.Add(int64(batch)) - int64(batch)
			for i := range batch {
				k := "rec-" + strconv.FormatInt(base+int64(i), 10)
				entries[i] = Entry{Key: k, Pos: int(base) + i, Method: "POST", URL: "https://app.clio.com/api/v4/activities.json", Run: 1}
				outcomes[i] = Outcome{Key: k, State: Delivered, HTTPStatus: 201, ClioID: base + int64(i) + 1}
			}
			if err := l.MarkInFlight(entries); err != nil {
				b.Error(err)
				return
			}
			if err := l.Record(outcomes); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(seq.Load())/b.Elapsed().Seconds(), "records/s")
	if c := l.commits.Load(); c > 0 {
		b.ReportMetric(float64(l.committedOps.Load())/float64(c), "calls/commit")
	}
	b.ReportMetric(0, "ns/op") // per-op time mixes batch sizes; records/s is the figure
}

// BenchmarkMarkAndRecord: one record per call (single-record requests).
// Target: ≥ 10,000 records/s, so the ledger never limits ≥ 2,000 calls/s.
func BenchmarkMarkAndRecord(b *testing.B) {
	benchMarkAndRecord(b, 1, options{})
}

// BenchmarkMarkAndRecordBatch100: 100 records per call (batched requests).
func BenchmarkMarkAndRecordBatch100(b *testing.B) {
	benchMarkAndRecord(b, 100, options{})
}

// BenchmarkMarkAndRecordSyncFull: as BenchmarkMarkAndRecord with an fsync
// per commit, to show what synchronous=FULL would cost.
func BenchmarkMarkAndRecordSyncFull(b *testing.B) {
	benchMarkAndRecord(b, 1, options{sync: "FULL"})
}

// BenchmarkMarkAndRecordOneCaller: a single caller, so every write is its
// own commit; ns/op is the latency a record pays (two commits).
func BenchmarkMarkAndRecordOneCaller(b *testing.B) {
	l, err := open(b.TempDir()+"/bench.ledger.db", testDest, options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	for i := 0; b.Loop(); i++ {
		k := "rec-" + strconv.Itoa(i)
		if err := l.MarkInFlight([]Entry{{Key: k, Pos: i, Method: "POST", Run: 1}}); err != nil {
			b.Fatal(err)
		}
		if err := l.Record([]Outcome{{Key: k, State: Delivered, HTTPStatus: 201}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
