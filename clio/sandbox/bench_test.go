package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkCreateActivity measures Create Activity calls per second over
// loopback HTTP with keep-alive, the rate limit off, from parallel clients.
func BenchmarkCreateActivity(b *testing.B) {
	s := New(Config{RateLimit: -1})
	srv := httptest.NewServer(s)
	defer srv.Close()
	tok, _ := s.IssueToken()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}}
	body := []byte(`{"data":{"type":"TimeEntry","date":"2025-03-01","quantity":3600,"note":"Drafting the reply","matter":{"id":3001},"activity_description":{"id":4002}}}`)
	url := srv.URL + "/api/v4/activities.json"
	b.SetParallelism(4)
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-API-VERSION", "4.0.10")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
	// CPU per call (client and server together) does not depend on how busy
	// the shared machine is; 2 cores / this = the rate an idle machine allows.
	perCall := (cpuTime(b) - cpu0) / time.Duration(b.N)
	b.ReportMetric(float64(perCall.Microseconds()), "cpu-µs/call")
	if got := s.Created("activities"); got != b.N {
		b.Fatalf("created %d, want %d", got, b.N)
	}
}
