package flow

import (
	"errors"
	"net/http/httptest"
	"net/url"
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
