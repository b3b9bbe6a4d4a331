package flow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/nexset"
)

func TestHeaderSecretsAndReferences(t *testing.T) {
	tests := []struct {
		in      string
		want    []Header
		wantErr string // "" accepted
	}{
		{in: "X-Api-Key:abc123", wantErr: "write X-Api-Key:${X_API_KEY}"},
		{in: "x-auth-token:tok", wantErr: "X-Auth-Token looks like a secret"},
		{in: "X-Client-Secret:s", wantErr: "looks like a secret"},
		{in: "X-Password:p", wantErr: "looks like a secret"},
		{in: "X-Hub-Signature:sha1", wantErr: "looks like a secret"},
		{in: "Cookie:a=b", wantErr: "looks like a secret"},
		{in: "X-Api-Key:${FIRM_API_KEY}tail", wantErr: "looks like a secret"},
		{in: "X-Api-Key:v1 ${FIRM_API_KEY}", wantErr: "looks like a secret"},
		{in: "X-Api-Key:", wantErr: "looks like a secret"},
		{in: "X-Api-Key:${FIRM_API_KEY}", want: []Header{{"X-Api-Key", "${FIRM_API_KEY}"}}},
		{in: "X-Auth:Bearer ${T}", want: []Header{{"X-Auth", "Bearer ${T}"}}},
		{in: "X-Tenant:${TENANT}-eu", want: []Header{{"X-Tenant", "${TENANT}-eu"}}},
		{in: "X-Cost:$5", want: []Header{{"X-Cost", "$5"}}},
		{in: "X-Tenant:${1BAD}", wantErr: "is not an environment variable reference"},
		{in: "X-Tenant:${}", wantErr: "is not an environment variable reference"},
		{in: "X-Tenant:${OPEN", wantErr: `without a closing "}"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseHeaders(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseHeaders(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				if v := strings.SplitN(tt.in, ":", 2)[1]; len(v) > 2 && strings.Contains(err.Error(), v) && !strings.Contains(v, "${") {
					t.Fatalf("the refusal repeats the secret value %q: %v", v, err)
				}
				return
			}
			if err != nil || len(got) != len(tt.want) || got[0] != tt.want[0] {
				t.Fatalf("ParseHeaders(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestLiteralSecretHeaderRefusedByLoadAndValidate(t *testing.T) {
	const file = `version: 1
id: x1
name: Notes
status: paused
nexset: {path: a.jsonl}
credential: firm
api_version: 4.0.10
endpoint:
  method: POST
  url: /api/v4/activities.json
  headers: "X-Source:cliodest,X-Api-Key:abc123"
`
	path := filepath.Join(t.TempDir(), "d.yaml")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Load(path)
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 {
		t.Fatalf("Load = %v, want one problem", err)
	}
	p := le.Problems[0]
	if p.Line != 11 || p.Field != "endpoint.headers" || !containsAll(p.Message, "X-Api-Key", "${X_API_KEY}") || strings.Contains(p.Message, "abc123") {
		t.Fatalf("problem = %+v, want line 11 endpoint.headers naming ${X_API_KEY} without the value", p)
	}
	if ps := Validate(d, nil).Errors(); len(ps) != 1 || ps[0].Field != "endpoint.headers" {
		t.Fatalf("Validate = %v", ps)
	}
	if err := Save(filepath.Join(t.TempDir(), "out.yaml"), d); err == nil {
		t.Fatal("Save wrote a destination holding a literal secret header")
	}
}

// keyDestination is an Advanced create-activity destination whose API key
// comes from FIRM_API_KEY.
func keyDestination(t *testing.T) *Destination {
	t.Helper()
	d := timeEntries(t)
	d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/activities.json", Headers: "X-Api-Key:${FIRM_API_KEY},X-Tenant:${FIRM_TENANT}"}
	d.ResponseWebhook = WebhookCfg{Enabled: true, File: "responses.jsonl"}
	return d
}

func TestHeaderVariablesResolvedOnlyWhenSending(t *testing.T) {
	const secret, tenant = "s3cr3t-KEY-value", "acme"
	env := envOf(map[string]string{"FIRM_API_KEY": secret, "FIRM_TENANT": tenant})
	t.Setenv("FIRM_API_KEY", "not-this") // the process's environment is not read: only the planner's

	var mu sync.Mutex
	var seen []http.Header
	sb := sandbox.New(sandbox.Config{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	host, err := clio.ParseBaseURL(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	c := clio.NewClient(clio.Options{Host: host, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access})})

	d := keyDestination(t)
	d.Dir = t.TempDir()
	p := mustPlanOn(t, d, host).WithEnv(env)

	// Samples (and preview, which renders them) show the references.
	samples := p.Samples([]nexset.Record{timeRecord(1)}, 1)
	if len(samples) != 1 || samples[0].Error != "" {
		t.Fatalf("samples = %+v", samples)
	}
	if got := samples[0].Header.Get("X-Api-Key"); got != "${FIRM_API_KEY}" {
		t.Errorf("sample X-Api-Key = %q, want the reference", got)
	}
	js, _ := json.Marshal(samples)
	if strings.Contains(string(js), secret) || strings.Contains(string(js), tenant) {
		t.Fatalf("a sample carries a variable's value: %s", js)
	}

	call, err := p.TestCall(timeRecord(1))
	if err != nil {
		t.Fatalf("TestCall: %v", err)
	}
	// The call (what the ledger and the webhook read) keeps the references.
	if s := fmt.Sprintf("%+v", call); strings.Contains(s, secret) {
		t.Fatalf("the call carries the secret: %s", s)
	}
	resp, err := c.Do(context.Background(), call.Request())
	if err != nil {
		t.Fatalf("sending: %v", err)
	}
	mu.Lock()
	got := seen[len(seen)-1]
	mu.Unlock()
	if got.Get("X-Api-Key") != secret || got.Get("X-Tenant") != tenant {
		t.Fatalf("Clio received X-Api-Key %q X-Tenant %q, want the variables' values", got.Get("X-Api-Key"), got.Get("X-Tenant"))
	}
	// The response webhook's document is made of the call (flow/session's
	// test of a test send checks the file written).
	doc, _ := json.Marshal(d.ResponseDoc(call, resp.Status, resp.Body, nil, time.Now()))
	if strings.Contains(string(doc), secret) {
		t.Fatalf("a webhook document carries the secret: %s", doc)
	}
	// Activation's path (Calls) resolves the same way.
	it, f := p.Prepare(timeRecord(2))
	if f != nil {
		t.Fatal(f)
	}
	calls, err := p.Calls([]Item{it})
	if err != nil || calls[0].Request().Header.Get("X-Api-Key") != secret || calls[0].Header.Get("X-Api-Key") != "${FIRM_API_KEY}" {
		t.Fatalf("Calls: %v; request header %q, call header %q", err, calls[0].Request().Header.Get("X-Api-Key"), calls[0].Header.Get("X-Api-Key"))
	}
}

func TestUnsetHeaderVariable(t *testing.T) {
	t.Setenv("FIRM_API_KEY", "set in the process, not in the planner's environment")
	d := keyDestination(t)
	p := mustPlan(t, d).WithEnv(envOf(map[string]string{"FIRM_TENANT": "acme"}))
	const want = "header X-Api-Key: environment variable FIRM_API_KEY is not set"

	// Showing needs no variable.
	if s := p.Samples([]nexset.Record{timeRecord(1)}, 1); len(s) != 1 || s[0].Error != "" {
		t.Fatalf("samples refused an unset variable: %+v", s)
	}
	if ps := Validate(d, []nexset.Record{timeRecord(1)}); len(ps.Errors()) != 0 {
		t.Fatalf("Validate refused an unset variable: %v", ps)
	}
	// Sending does.
	var ee *EnvError
	if err := p.CheckEnv(); !errors.As(err, &ee) || ee.Var != "FIRM_API_KEY" || ee.Header != "X-Api-Key" || !strings.Contains(err.Error(), want) {
		t.Fatalf("CheckEnv = %v", err)
	}
	if _, err := p.TestCall(timeRecord(1)); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("TestCall = %v, want %q", err, want)
	}
	if calls, fails := p.Build([]nexset.Record{timeRecord(1), timeRecord(2)}); len(calls) != 0 || len(fails) != 2 || !strings.Contains(fails[1].Error(), want) {
		t.Fatalf("Build = %v, %v", calls, fails)
	}
	it, f := p.Prepare(timeRecord(1))
	if f != nil {
		t.Fatal(f)
	}
	if _, err := p.Calls([]Item{it}); !errors.As(err, &ee) {
		t.Fatalf("Calls = %v, want an *EnvError", err)
	}
}

// envOf is an environment holding only vars.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}
