package sandbox

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// fates sends n creates and returns each one's status, 0 for a dropped connection.
func (e *env) fates(n int) []int {
	e.t.Helper()
	out := make([]int, n)
	for i := range out {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v4/activities.json",
			strings.NewReader(`{"data":{"type":"TimeEntry","date":"2025-03-01"}}`))
		req.Header.Set("Authorization", "Bearer "+e.token)
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			continue // dropped
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out[i] = resp.StatusCode
	}
	return out
}

func TestFaultsDeterministic(t *testing.T) {
	f := Faults{Seed: 42, ErrorRate: 0.2, DropRate: 0.1}
	a := newEnv(t, Config{RateLimit: -1, Faults: f}).fates(200)
	b := newEnv(t, Config{RateLimit: -1, Faults: f}).fates(200)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("same seed, different fates:\n%v\n%v", a, b)
	}
	f.Seed = 43
	if c := newEnv(t, Config{RateLimit: -1, Faults: f}).fates(200); fmt.Sprint(a) == fmt.Sprint(c) {
		t.Fatalf("another seed gave the same 200 fates")
	}
}

func TestFaultRates(t *testing.T) {
	const n = 1000
	e := newEnv(t, Config{RateLimit: -1, Faults: Faults{Seed: 7, ErrorRate: 0.1, DropRate: 0.05}})
	counts := map[int]int{}
	for _, s := range e.fates(n) {
		counts[s]++
	}
	errors := counts[500] + counts[502] + counts[503]
	// Binomial: 100±~28 and ~45±~21 at 3σ.
	if errors < 70 || errors > 130 || counts[500] == 0 || counts[502] == 0 || counts[503] == 0 {
		t.Errorf("5xx answers %d (%v), want about 100 of each kind", errors, counts)
	}
	if counts[0] < 25 || counts[0] > 70 {
		t.Errorf("dropped %d, want about 45", counts[0])
	}
	// Errors come before handling, drops after: every 201 and every drop created a record.
	if got, want := e.s.Created("activities"), counts[201]+counts[0]; got != want {
		t.Errorf("created %d, want %d (201s %d + drops %d)", got, want, counts[201], counts[0])
	}
}

func TestFaultsSparePaths(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1, Faults: Faults{Seed: 1, ErrorRate: 1}})
	resp, err := http.PostForm(e.srv.URL+"/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {"a"}, "client_secret": {"b"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("OAuth under ErrorRate 1: %d, want the ordinary 400", resp.StatusCode)
	}
	if r := e.call("GET", "/api/v4/users/who_am_i.json", ""); r.status < 500 {
		t.Fatalf("API under ErrorRate 1: %d", r.status)
	}
}

func TestSlowFault(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1, Faults: Faults{Seed: 1, SlowRate: 1, SlowDelay: 30 * time.Millisecond}})
	start := time.Now()
	if r := e.call("GET", "/api/v4/users/who_am_i.json", ""); r.status != 200 {
		t.Fatalf("slow answer: %d", r.status)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("answered after %v, want at least the 30ms SlowDelay", d)
	}
}
