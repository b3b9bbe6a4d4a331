package flow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

const lookupYAML = `version: 1
id: lookups1
name: Lookups
status: paused
api_version: 4.0.10
nexset: {path: time.csv, key: entry_id}
endpoint: {template: create_activity}
mapping:
  - {target: type, value: TimeEntry}
  - {target: date, source: work_date, convert: date}
  - {target: matter.id, source: matter_number, convert: "lookup:matters.display_number"}
  - {target: user.id, source: lawyer, convert: "lookup:users.email"}
  - {target: activity_description.id, source: activity, convert: "lookup:activity_descriptions.name"}
`

func TestLookupLoad(t *testing.T) {
	d, err := Parse([]byte(lookupYAML), "l.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !d.HasLookups() || d.Mapping[2].Convert != "lookup:matters.display_number" {
		t.Fatalf("mapping %v", d.Mapping)
	}
	bad := strings.Replace(lookupYAML, "lookup:users.email", "lookup:users.phone", 1)
	bad = strings.Replace(bad, "{target: activity_description.id", "{target: note", 1)
	_, err = Parse([]byte(bad), "l.yaml")
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
	if p := le.Problems[0]; p.Line != 12 || !strings.Contains(p.Message, "users.email") || !strings.Contains(p.Message, "matters.display_number") {
		t.Errorf("unsupported field: %+v", p)
	}
	if p := le.Problems[1]; p.Line != 13 || !strings.Contains(p.Message, "ID attribute like matter.id, not note") {
		t.Errorf("non-ID target: %+v", p)
	}
	m, err := ParseMapFlag("matter.id=matter_number:lookup:matters.display_number")
	if err != nil || m.Source != "matter_number" || m.Convert != "lookup:matters.display_number" {
		t.Errorf("--map: %v %v", m, err)
	}
	if _, err := ParseMapFlag("matter.id=matter_number:lookup:matters.number"); err == nil || !strings.Contains(err.Error(), "users.email") {
		t.Errorf("--map with an unsupported lookup: %v", err)
	}
	if _, err := Convert("lookup:users.email", "jane@firm.example"); err == nil {
		t.Error("Convert made a lookup without a planner")
	}
}

func lookupRecord(matter, lawyer string) nexset.Record {
	return rec(1, map[string]any{"entry_id": "E1", "work_date": "2026-11-02", "matter_number": matter, "lawyer": lawyer, "activity": "Drafting"})
}

// TestLookupSamples: without a resolver the samples say "looked up when
// sent" and nothing can be sent; with one they show the IDs found, and an
// unresolved value is the sample's problem.
func TestLookupSamples(t *testing.T) {
	d, err := Parse([]byte(lookupYAML), "l.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, d)
	s := p.Samples([]nexset.Record{lookupRecord("00042-Whitfield", "jane@firm.example")}, 1)
	if len(s) != 1 || s[0].Error != "" || strings.Contains(s[0].Body, "matter") || !strings.Contains(strings.Join(s[0].Warnings, "\n"), "matter.id: looked up when sent") {
		t.Fatalf("deferred sample: %+v", s)
	}
	if _, fails := p.Build([]nexset.Record{lookupRecord("00042-Whitfield", "jane@firm.example")}); len(fails) != 1 || !strings.Contains(fails[0].Reason, "looks up IDs") {
		t.Fatalf("sent without lookups: %v", fails)
	}
	if p.CanLookUp() {
		t.Error("CanLookUp without a resolver")
	}

	_, c := sandboxClient(t, sandbox.Config{RateLimit: -1})
	lp := p.WithLookups(context.Background(), lookup.NewResolver(lookup.Options{Client: c}))
	s = lp.Samples([]nexset.Record{lookupRecord("00042-Whitfield", "JANE@firm.example")}, 1)
	want := `"matter": {
      "id": 3009
    }`
	if len(s) != 1 || !strings.Contains(s[0].Body, want) || !strings.Contains(s[0].Body, `"id": 1001`) || !strings.Contains(s[0].Body, `"id": 4002`) {
		t.Fatalf("resolved sample: %+v", s)
	}
	s = lp.Samples([]nexset.Record{lookupRecord("00099-Nobody", "jane@firm.example")}, 1)
	if len(s) != 1 || !strings.Contains(s[0].Error, `matter_number: no matter with display_number 00099-Nobody`) {
		t.Fatalf("unresolved sample: %+v", s)
	}
	// A test send looks the record's values up before it is built.
	call, err := p.WithClientLookups(context.Background(), c).TestCall(lookupRecord("00042-Whitfield Estate", "priya@firm.example"))
	if err != nil || !strings.Contains(string(call.Body), `"matter":{"id":3010}`) || !strings.Contains(string(call.Body), `"user":{"id":1003}`) {
		t.Fatalf("test call: %s %v", call.Body, err)
	}
	// A blank value follows the usual rule: left out.
	s = lp.Samples([]nexset.Record{lookupRecord(" ", "jane@firm.example")}, 1)
	if len(s) != 1 || s[0].Error != "" || strings.Contains(s[0].Body, "matter") {
		t.Fatalf("blank: %+v", s)
	}
}

// A required object filled only by a lookup (a matter's client.id) is not
// the sample's problem before the lookup: "missing data.client" is the
// lookup's to fill when sent. Another missing attribute still is.
func TestDeferredLookupFillsRequiredObject(t *testing.T) {
	d := New("Matters")
	d.Nexset = NexsetRef{Path: "intake.csv"}
	d.Endpoint = Endpoint{Template: CreateMatter}
	d.Mapping = []Mapping{{Target: "client.id", Source: "email", Convert: "lookup:contacts.email"}, {Target: "description", Source: "summary"}}
	p := mustPlan(t, d)
	s := p.Samples([]nexset.Record{rec(1, map[string]any{"email": "ada@mail.example", "summary": "Slip and fall"})}, 1)
	if len(s) != 1 || s[0].Error != "" || len(s[0].Problems) != 0 || !strings.Contains(strings.Join(s[0].Warnings, "\n"), "client.id: looked up when sent") {
		t.Fatalf("deferred client sample: %+v", s)
	}
	s = p.Samples([]nexset.Record{rec(1, map[string]any{"email": "ada@mail.example"})}, 1)
	if len(s) != 1 || strings.Join(s[0].Problems, "\n") != "missing data.description" {
		t.Fatalf("sample without a description: %+v, want it refused", s)
	}
}
