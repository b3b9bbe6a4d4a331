package flow

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

func TestIsSandbox(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{"http://127.0.0.1:8765", true},
		{"http://127.1.2.3", true},
		{"http://localhost:9000", true},
		{"http://[::1]:9000", true},
		{"https://app.clio.com", false},
		{"https://eu.app.clio.com", false},
		{"https://10.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := url.Parse(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got := IsSandbox(clio.Host{Root: u}); got != tt.want {
				t.Fatalf("IsSandbox(%s) = %v, want %v", tt.raw, got, tt.want)
			}
		})
	}
	if IsSandbox(clio.Host{}) {
		t.Fatal("a host without a root counts as the sandbox")
	}
}

// sandboxClient serves a fresh sandbox and returns a client with a token for it.
func sandboxClient(t testing.TB, cfg sandbox.Config) (*sandbox.Server, *clio.Client) {
	t.Helper()
	sb := sandbox.New(cfg)
	hs := httptest.NewServer(sb)
	t.Cleanup(hs.Close)
	host, err := clio.ParseBaseURL(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	c := clio.NewClient(clio.Options{Host: host, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access})})
	return sb, c
}

func mustPlanOn(t *testing.T, d *Destination, h clio.Host) *Planner {
	t.Helper()
	p, err := d.PlanOn(h)
	if err != nil {
		t.Fatalf("PlanOn: %v", err)
	}
	return p
}

func TestTestSendAgainstSandbox(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(d *Destination)
		body     string // an edited body; "" sends the record's own
		status   int
		accepted bool
		answer   string // in the pretty response
		problems bool   // the call carries the catalogue's refusal before sending
	}{
		{name: "record as built", status: 201, accepted: true, answer: `"id"`},
		{name: "edited body", body: `{"data":{"type":"TimeEntry","date":"2024-05-06","quantity":60,"note":"by hand","matter":{"id":3001}}}`,
			status: 201, accepted: true, answer: `"id"`},
		{name: "catalogue refusal still sent", edit: func(d *Destination) { d.Mapping = d.Mapping[1:] },
			status: 422, answer: "type", problems: true},
		{name: "edited body Clio refuses", body: `{"data":{"type":"Lunch"}}`, status: 422, answer: "type", problems: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, c := sandboxClient(t, sandbox.Config{})
			d := timeEntries(t)
			if tt.edit != nil {
				tt.edit(d)
			}
			p := mustPlanOn(t, d, c.Host())
			call, err := p.TestCall(timeRecord(1))
			if err != nil {
				t.Fatalf("TestCall: %v", err)
			}
			if tt.body != "" {
				call = p.WithBody(call, []byte(tt.body))
			}
			if got := len(call.Problems) > 0; got != tt.problems {
				t.Fatalf("problems before sending = %v, want %v", call.Problems, tt.problems)
			}
			res, err := TestSend(context.Background(), c, call)
			if res.Status != tt.status || res.Accepted() != tt.accepted || (err == nil) != tt.accepted {
				t.Fatalf("status %d accepted %v err %v; want %d %v", res.Status, res.Accepted(), err, tt.status, tt.accepted)
			}
			if !strings.Contains(res.Response, tt.answer) || !strings.Contains(res.Response, "\n  ") {
				t.Fatalf("response lacks %s or is not indented:\n%s", tt.answer, res.Response)
			}
			if !res.RateLimit.Known || res.RateLimit.Limit != 50 || res.RateLimit.Remaining != 49 {
				t.Fatalf("rate limit = %+v, want 49 of 50 left", res.RateLimit)
			}
			if !tt.accepted {
				var ae *clio.APIError
				if !errors.As(err, &ae) || ae.Status != tt.status || !errors.As(res.Err, &ae) {
					t.Fatalf("err = %v, want a *clio.APIError with %d", err, tt.status)
				}
			}
			want := 0
			if tt.accepted {
				want = 1
			}
			if n := sb.Created("activities"); n != want {
				t.Fatalf("sandbox created %d activities, want %d", n, want)
			}
		})
	}
}

func TestTestSendWithoutAnswer(t *testing.T) {
	_, c := sandboxClient(t, sandbox.Config{})
	p := mustPlanOn(t, timeEntries(t), c.Host())
	call, err := p.TestCall(timeRecord(1))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := TestSend(ctx, c, call)
	if !errors.Is(err, context.Canceled) || res.Status != 0 || res.Accepted() || res.Response != "" {
		t.Fatalf("cancelled send: status %d err %v", res.Status, err)
	}
}

func TestTestCallRecordFailure(t *testing.T) {
	p := mustPlan(t, timeEntries(t))
	r := timeRecord(4)
	r.Fields["matter_id"] = "not a number"
	_, err := p.TestCall(r)
	var rf *RecordFailure
	if !errors.As(err, &rf) || rf.Line != 5 || rf.Attr == "" {
		t.Fatalf("err = %v, want a *RecordFailure naming line 5 and the attribute", err)
	}
}

func TestWithBody(t *testing.T) {
	form := timeEntries(t)
	form.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/notes.json", ContentFormat: FormatForm}
	form.Mapping = nil
	tests := []struct {
		name     string
		d        *Destination
		body     string
		problems []string // substrings, in order
	}{
		{"accepted", timeEntries(t), `{"data":{"type":"TimeEntry","date":"2024-05-06","matter":{"id":1}}}`, nil},
		{"bad enum", timeEntries(t), `{"data":{"type":"Lunch","date":"2024-05-06"}}`, []string{"data.type"}},
		{"missing required", timeEntries(t), `{"data":{"date":"2024-05-06"}}`, []string{"data.type"}},
		{"not JSON", timeEntries(t), "{\"data\":\n  {\"type\": TimeEntry}}", []string{"not valid JSON: line 2, column 12"}},
		{"form body unchecked", form, `data[x]=1`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPlan(t, tt.d)
			c := p.WithBody(Call{Method: "POST", Problems: []string{"stale"}}, []byte(tt.body))
			if string(c.Body) != tt.body {
				t.Fatalf("body = %s", c.Body)
			}
			if len(c.Problems) != len(tt.problems) {
				t.Fatalf("problems = %q, want %d like %q", c.Problems, len(tt.problems), tt.problems)
			}
			for i, want := range tt.problems {
				if !strings.Contains(c.Problems[i], want) {
					t.Fatalf("problem %d = %q, want it to contain %q", i, c.Problems[i], want)
				}
			}
		})
	}
}

func TestDeliverTestResponse(t *testing.T) {
	_, c := sandboxClient(t, sandbox.Config{})
	d := timeEntries(t)
	p := mustPlanOn(t, d, c.Host())
	call, err := p.TestCall(timeRecord(1))
	if err != nil {
		t.Fatal(err)
	}
	res, err := TestSend(context.Background(), c, call)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "responses.jsonl")

	// Off: nothing is written.
	if err := d.DeliverTestResponse(context.Background(), res, WebhookOptions{}, timeZero); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the webhook is off but %s exists (%v)", file, err)
	}

	d.ResponseWebhook = WebhookCfg{Enabled: true, File: file}
	if err := d.DeliverTestResponse(context.Background(), res, WebhookOptions{}, timeZero); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc WebhookDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("response file: %v\n%s", err, b)
	}
	if doc.Status != 201 || doc.Method != "POST" || len(doc.Records) != 1 || !doc.Time.Equal(timeZero) {
		t.Fatalf("doc = %+v", doc)
	}
	if !strings.Contains(string(doc.Response), `"id"`) {
		t.Fatalf("the document lacks Clio's answer: %s", doc.Response)
	}
}
