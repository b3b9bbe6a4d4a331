package cmd

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

func TestWriteSummary(t *testing.T) {
	tests := []struct {
		name      string
		s         deliver.Summary
		want, not []string
	}{
		{"complete", deliver.Summary{Mode: "activate", RunSummary: ledger.RunSummary{Delivered: 10, Requests: 10, RateLimitWait: 2 * time.Second}, Elapsed: 3 * time.Second},
			[]string{"Delivered 10, failed 0, skipped 0 (already delivered), in doubt 0 · 10 request(s) in 3s · 2s waiting for Clio's rate limit"},
			[]string{"not sent", "Interrupted", "Stopped"}},
		{"interrupted", deliver.Summary{Mode: "activate", RunSummary: ledger.RunSummary{Delivered: 3, Pending: 7, Interrupted: true, Err: "interrupted"}},
			[]string{", not sent 7 ·", "Interrupted: the ledger holds every answer received; run activate again to send the rest"}, nil},
		{"activate leaves earlier failures", deliver.Summary{Mode: "activate", Left: 2},
			[]string{"2 failed earlier (not re-sent: retry sends them)"}, []string{"left as they were"}},
		{"retry leaves the rest", deliver.Summary{Mode: "retry", Left: 162},
			[]string{"162 not failed (left to activate)"}, []string{"failed earlier"}},
		{"fatal error is the command's, not repeated", deliver.Summary{Mode: "activate", RunSummary: ledger.RunSummary{Interrupted: true, Err: "ledger x: disk full"}},
			nil, []string{"disk full", "Interrupted"}},
		{"dry run", deliver.Summary{Mode: "dry-run", RunSummary: ledger.RunSummary{Records: 8, Failed: 1}, WouldSend: 7},
			[]string{"Dry run: 8 records checked, 7 would be sent in 7 request(s), 1 cannot be sent, 0 already delivered", "nothing was sent"}, []string{"Delivered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			writeSummary(&b, tt.s)
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("summary lacks %q:\n%s", w, b.String())
				}
			}
			for _, n := range tt.not {
				if strings.Contains(b.String(), n) {
					t.Errorf("summary has %q:\n%s", n, b.String())
				}
			}
		})
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name  string
		p     deliver.Progress
		total int
		want  string
	}{
		{"total unknown", deliver.Progress{Done: 12, Total: -1, Rate: 2.4}, -1, "12/? · 2.4/s"},
		{"total from the event", deliver.Progress{Done: 50, Total: -1, Rate: 10}, 100,
			"[██████████░░░░░░░░░░]  50% 50/100 · 10.0/s · ETA 5s"},
		{"failures and a rate-limit wait", deliver.Progress{Done: 100, Total: 200, Rate: 1, Failed: 2, Waiting: 12400 * time.Millisecond}, -1,
			"[██████████░░░░░░░░░░]  50% 100/200 · 1.0/s · ETA 1m40s · 2 failed, 0 in doubt · waiting 12s for Clio's rate limit"},
		{"done: no ETA", deliver.Progress{Done: 15, Total: 15, Rate: 3}, 15, "[████████████████████] 100% 15/15 · 3.0/s"},
		{"paced evenly, no 429", deliver.Progress{Done: 7, Total: -1, Rate: 0.8, Waiting: 8 * time.Second,
			Pacing: deliver.Pacing{Limit: 50, Window: 60400 * time.Millisecond, Remaining: 42, Held: 8, NextIn: 1240 * time.Millisecond}}, -1,
			"7/? · 0.8/s · paced to Clio's limit: 50/min · next request in 1.2 s"},
		{"paced, short window", deliver.Progress{Done: 7, Total: -1, Rate: 30,
			Pacing: deliver.Pacing{Limit: 60, Window: 2 * time.Second, Held: 2, NextIn: 30 * time.Millisecond}}, -1,
			"7/? · 30.0/s · paced to Clio's limit: 60 per 2s · next request in 0.0 s"},
		{"window spent: a countdown to the reset", deliver.Progress{Done: 50, Total: -1, Rate: 0.8, Waiting: 14 * time.Second,
			Pacing: deliver.Pacing{Limit: 50, Window: time.Minute, Sent: 50, Held: 8, NextIn: 40100 * time.Millisecond, Blocked: true}}, -1,
			"50/? · 0.8/s · 50 sent; Clio's limit resets in 41 s"},
		{"a 429 before anything was sent", deliver.Progress{Done: 0, Total: -1, Waiting: 12 * time.Second,
			Pacing: deliver.Pacing{Limit: 50, Held: 8, NextIn: 11600 * time.Millisecond, Blocked: true}}, -1,
			"0/? · 0.0/s · Clio's limit resets in 12 s"},
		{"waiting for the first answer: nothing to say", deliver.Progress{Done: 0, Total: -1,
			Pacing: deliver.Pacing{Limit: 50, Window: time.Minute, Held: 7}}, -1, "0/? · 0.0/s"},
		{"limit not learnt yet: nothing to say", deliver.Progress{Done: 0, Total: -1, Pacing: deliver.Pacing{Held: 3}}, -1, "0/? · 0.0/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := progressLine(tt.p, tt.total); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestJSONEventsAreSnakeCase: every --json event has an "event" name and
// only snake_case keys, durations in seconds.
func TestJSONEventsAreSnakeCase(t *testing.T) {
	evs := []struct {
		ev   deliver.Event
		name string
		keys []string
	}{
		{deliver.Started{Run: 1, Mode: "activate", Nexset: "a.jsonl"}, "started", []string{"run", "mode", "nexset", "time"}},
		{deliver.Total{Records: 9}, "total", []string{"records"}},
		{deliver.Progress{Done: 3, Total: -1, Waiting: 1500 * time.Millisecond, Elapsed: 2 * time.Second}, "progress",
			[]string{"done", "total", "in_doubt", "records_per_second", "waiting_seconds", "elapsed_seconds"}},
		{deliver.RecordFailed{Pos: 3, Line: 4, Key: "R3", Status: 422, State: "failed", Message: "no"}, "record_failed",
			[]string{"pos", "line", "key", "http_status", "state", "message"}},
		{deliver.WebhookFailed{Message: "down"}, "webhook_failed", []string{"message"}},
		{deliver.WebhookWaiting{Documents: 4, Limit: 30 * time.Second}, "webhook_waiting", []string{"documents", "limit_seconds"}},
		{deliver.Finished{Summary: deliver.Summary{Mode: "activate", RunSummary: ledger.RunSummary{InDoubt: 2, Pending: 5, RateLimitWait: time.Second}}}, "finished",
			[]string{"in_doubt", "not_sent", "rate_limit_wait_seconds", "elapsed_seconds", "interrupted", "paused"}},
	}
	for _, tt := range evs {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(jsonEvent(tt.ev))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if m["event"] != tt.name {
				t.Errorf("event = %v, want %s", m["event"], tt.name)
			}
			for _, k := range tt.keys {
				if _, ok := m[k]; !ok {
					t.Errorf("%s lacks %q: %s", tt.name, k, b)
				}
			}
			for k := range m {
				if k != strings.ToLower(k) {
					t.Errorf("%s: key %q is not snake_case: %s", tt.name, k, b)
				}
			}
		})
	}
	b, _ := json.Marshal(jsonEvent(deliver.Progress{Total: -1, Waiting: 1500 * time.Millisecond}))
	if !strings.Contains(string(b), `"total":null`) || !strings.Contains(string(b), `"waiting_seconds":1.5`) || strings.Contains(string(b), "pacing") {
		t.Errorf("progress: %s", b)
	}
	b, _ = json.Marshal(jsonEvent(deliver.Progress{Total: -1, Waiting: 8 * time.Second,
		Pacing: deliver.Pacing{Limit: 50, Window: time.Minute, Remaining: 42, Held: 8, NextIn: 1200 * time.Millisecond}}))
	want := `"pacing":{"limit":50,"window_seconds":60,"remaining":42,"held":8,"next_in_seconds":1.2,"blocked":false}`
	if !strings.Contains(string(b), want) {
		t.Errorf("progress while paced: %s\nlacks %s", b, want)
	}
}

// TestWebhookWaitingLine: the end of a run that waits for the response
// webhook says so on standard error, the progress line cleared first.
func TestWebhookWaitingLine(t *testing.T) {
	var b bytes.Buffer
	r := &renderer{err: &b, tty: true, total: -1, width: func() int { return 80 }}
	r.handle(deliver.Progress{Done: 5, Total: 5})
	r.handle(deliver.WebhookWaiting{Documents: 4, Limit: 30 * time.Second})
	if !strings.HasSuffix(b.String(), "\r\x1b[Kresponse webhook: waiting up to 30s for it to take 4 document(s)…\n") {
		t.Errorf("%q", b.String())
	}
}

// TestTerminalLineFitsTheWidth: a redrawn line that wrapped would leave a
// stale row on every redraw.
func TestTerminalLineFitsTheWidth(t *testing.T) {
	var b bytes.Buffer
	r := &renderer{err: &b, tty: true, total: -1, width: func() int { return 40 }}
	r.handle(deliver.Progress{Done: 100, Total: 200, Rate: 1, Failed: 2, Waiting: 12 * time.Second})
	line := strings.TrimPrefix(b.String(), "\r\x1b[K")
	if n := utf8.RuneCountInString(line); n != 39 || !strings.HasSuffix(line, "…") || strings.Contains(line, "\n") {
		t.Errorf("%d columns: %q", n, line)
	}
	for _, tt := range []struct {
		line  string
		width int
		want  string
	}{
		{"12/? · 2.4/s", 0, "12/? · 2.4/s"},
		{"12/? · 2.4/s", 13, "12/? · 2.4/s"},
		{"12/? · 2.4/s", 12, "12/? · 2.4…"},
	} {
		if got := fitWidth(tt.line, tt.width); got != tt.want {
			t.Errorf("fitWidth(%q, %d) = %q, want %q", tt.line, tt.width, got, tt.want)
		}
	}
}
