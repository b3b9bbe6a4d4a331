package deliver

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// deadHost is a loopback address nothing listens on: connection refused.
func deadHost(t *testing.T) clio.Host {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h, err := clio.ParseBaseURL("http://" + addr)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestUnansweredLookupKeepsRecordsPending: a look-up Clio does not answer
// (a refused token, Clio out of reach, 5xx past the retries) is not the
// record's fault. The run stops as for a write that gets no answer, with
// the same words; no record is failed, none is written to the ledger as
// failed, the summary counts them pending and no look-up failure; and the
// next activation, Clio back, sends them (the unknown matter failing then,
// by name, as the record's own fault). The same for find_by's look-up.
func TestUnansweredLookupKeepsRecordsPending(t *testing.T) {
	ctx := context.Background()
	bogus := func(h clio.Host) *clio.Client {
		return clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bogus"})})
	}
	cases := []struct {
		name   string
		client func(t *testing.T, good *env) *clio.Client
		stop   string
	}{
		{"refused token", func(t *testing.T, good *env) *clio.Client { return bogus(good.host) },
			"the token was refused: log in again (cliodest login --name firm --force)"},
		{"Clio out of reach", func(t *testing.T, good *env) *clio.Client { return bogus(deadHost(t)) },
			"Clio cannot be reached (connection refused)"},
		{"5xx past the retries", func(t *testing.T, good *env) *clio.Client {
			return startSandbox(t, sandbox.Config{RateLimit: -1, Faults: sandbox.Faults{Seed: 1, ErrorRate: 1}}).client
		}, "Clio did not answer a look-up: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			good := startSandbox(t, sandbox.Config{RateLimit: -1})
			d, path := lookupDest(t, lookupCSV)
			l := openLedger(t, d, path)
			var failed []string
			o := Options{Destination: d, Ledger: l, Client: c.client(t, good), MaxAttempts: 2, Events: func(e Event) {
				if f, ok := e.(RecordFailed); ok {
					failed = append(failed, f.Message)
				}
			}}
			s := run(t, ctx, o)
			if !strings.Contains(s.Stopped, c.stop) || s.Failed != 0 || s.Pending != 5 || s.LookupFailures != 0 || len(failed) != 0 {
				t.Fatalf("summary %+v, failures %q: want stopped with %q, 5 pending, none failed", s, failed, c.stop)
			}
			counts, err := l.Counts()
			if err != nil {
				t.Fatal(err)
			}
			if counts[ledger.Failed] != 0 || counts[ledger.Delivered] != 0 || counts[ledger.InDoubt] != 0 {
				t.Fatalf("ledger %v: want no record settled", counts)
			}

			// Clio answers again: the next activation sends them.
			o.Client, o.Events, failed = good.client, nil, nil
			s = run(t, ctx, o)
			if s.Delivered != 4 || s.Failed != 1 || s.Left != 0 || s.Stopped != "" || s.LookupFailures != 1 {
				t.Fatalf("next activation: %+v; want 4 delivered, the unknown matter failed", s)
			}
			if got := creates(t, good.log); len(got) != 4 {
				t.Errorf("creates %v, want 4 once each", got)
			}
		})
	}

	for _, c := range cases {
		t.Run("find_by, "+c.name, func(t *testing.T) {
			good := startSandbox(t, sandbox.Config{RateLimit: -1, SearchLag: time.Hour})
			d, file := findDest(t, findCSV, "")
			l := openLedger(t, d, file)
			s := run(t, ctx, Options{Destination: d, Client: c.client(t, good), Ledger: l, Concurrency: 4, MaxAttempts: 2})
			if !strings.Contains(s.Stopped, c.stop) || s.Failed != 0 || s.Pending != 5 {
				t.Fatalf("summary %+v: want stopped with %q, 5 pending, none failed", s, c.stop)
			}
			s = run(t, ctx, Options{Destination: d, Client: good.client, Ledger: l, Concurrency: 4})
			if s.Delivered != 5 || s.Created != 3 || s.UpdatedExisting != 2 || s.Failed != 0 {
				t.Fatalf("next activation: %+v", s)
			}
		})
	}
}
