package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// BenchmarkSingleRecordCreates delivers b.N time entries, one create each,
// to the sandbox without a rate limit: the engine's own ceiling.
func BenchmarkSingleRecordCreates(b *testing.B) {
	for _, workers := range []int{4, 8, 16} {
		b.Run(fmt.Sprintf("concurrency=%d", workers), func(b *testing.B) {
			e := startSandbox(b, sandbox.Config{RateLimit: -1})
			d, file := benchDest(b, b.N, nil)
			l := openLedgerB(b, d, file)
			b.ResetTimer()
			s, err := Run(context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Concurrency: workers})
			b.StopTimer()
			if err != nil || s.Delivered != b.N {
				b.Fatalf("%v %+v", err, s)
			}
			b.ReportMetric(float64(b.N)/s.Elapsed.Seconds(), "records/s")
		})
	}
}

// BenchmarkBatchedAdvanced delivers b.N records in batches of 1000 to an
// Advanced endpoint served by an echo handler (Clio has no batch endpoint;
// this measures cliodest's side: reading, mapping, validation, ledger). The
// handler answers as a Clio-compatible proxy would: data[i].id for each object
// of the array, since an answer without ids leaves a create in doubt.
func BenchmarkBatchedAdvanced(b *testing.B) {
	var next atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Data []json.RawMessage `json:"data"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, `{"error":{"message":"data must be an array"}}`, http.StatusUnprocessableEntity)
			return
		}
		out := make([]map[string]int64, len(body.Data))
		for i := range out {
			out[i] = map[string]int64{"id": next.Add(1)}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"data": out})
	}))
	defer srv.Close()
	h, _ := clio.ParseBaseURL(srv.URL)
	client := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}), HTTPClient: srv.Client()})
	d, file := benchDest(b, b.N, func(d *flow.Destination) {
		d.Endpoint = flow.Endpoint{Method: "POST", URL: "/api/v4/activities.json"}
		d.Batching = flow.Batching{Enabled: true, Size: 1000, Grouping: flow.GroupInOrder, Anyway: true}
	})
	l := openLedgerB(b, d, file)
	b.ResetTimer()
	s, err := Run(context.Background(), Options{Destination: d, Client: client, Ledger: l})
	b.StopTimer()
	if err != nil || s.Delivered != b.N {
		b.Fatalf("%v %+v", err, s)
	}
	b.ReportMetric(float64(b.N)/s.Elapsed.Seconds(), "records/s")
}

func benchDest(b *testing.B, n int, edit func(*flow.Destination)) (*flow.Destination, string) {
	b.Helper()
	dir := b.TempDir()
	f, err := os.Create(filepath.Join(dir, "records.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(f, `{"id":"R%d","date":"2024-03-04","hours":1.5,"note":"record R%d","matter_id":3001}`+"\n", i, i)
	}
	f.Close()
	d := flow.New("bench")
	d.Nexset = flow.NexsetRef{Path: "records.jsonl", Key: "id"}
	d.Credential = "firm"
	d.Endpoint = flow.Endpoint{Template: "create_activity"}
	d.Mapping = []flow.Mapping{
		{Target: "type", Value: "TimeEntry", Const: true},
		{Target: "date", Source: "date", Convert: "date"},
		{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"},
		{Target: "note", Source: "note"},
		{Target: "matter.id", Source: "matter_id", Convert: "integer"},
	}
	off := false
	d.Passthrough = &off
	if edit != nil {
		edit(d)
	}
	path := filepath.Join(dir, "bench.yaml")
	if err := flow.Save(path, d); err != nil {
		b.Fatal(err)
	}
	d, err = flow.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	return d, path
}
