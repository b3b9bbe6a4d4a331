package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
)

// BenchmarkClientCreateActivity is BenchmarkCreateActivity through
// clio.Client (envelope, headers, error decoding, rate-limit parsing): the
// path every delivery takes. Loopback, keep-alive, rate limit off.
func BenchmarkClientCreateActivity(b *testing.B) {
	s := New(Config{RateLimit: -1})
	srv := httptest.NewServer(s)
	defer srv.Close()
	tok, _ := s.IssueToken()
	host, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	c := clio.NewClient(clio.Options{
		Host:        host,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok}),
		HTTPClient:  &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}},
	})
	data := map[string]any{
		"type": "TimeEntry", "date": "2025-03-01", "quantity": 3600, "note": "Drafting the reply",
		"matter": map[string]any{"id": 3001}, "activity_description": map[string]any{"id": 4002},
	}
	ctx := context.Background()
	b.SetParallelism(4)
	b.ReportAllocs()
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := c.Create(ctx, "/activities.json", data, "id"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
	if got := s.Created("activities"); got != b.N {
		b.Fatalf("created %d, want %d", got, b.N)
	}
}
