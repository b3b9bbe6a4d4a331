package flow

import (
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/internal/cputime"
)

const contactItemsYAML = `version: 1
id: contacts1
name: Contacts
status: paused
api_version: 4.0.10
nexset: {path: intake.csv}
endpoint: {template: create_contact}
mapping:
  - {target: name, source: name}
  - {target: type, value: Person}
  - {target: "email_addresses[0].address", source: email}
  - {target: "email_addresses[0].name", value: Work}
  - {target: "email_addresses[0].default_email", value: true}
  - {target: "email_addresses[1].address", source: email2}
  - {target: "email_addresses[1].name", source: email2_kind}
  - {target: "phone_numbers[0].number", source: phone}
  - {target: "phone_numbers[0].name", value: Mobile}
`

// Items are built in index order from --map, --set and file mappings alike;
// an item whose record values are all empty is left out, constants and all.
func TestArrayItemsBuilt(t *testing.T) {
	d, err := Parse([]byte(contactItemsYAML), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, d)
	tests := []struct {
		name string
		rec  map[string]any
		want string
	}{
		{"both e-mails", map[string]any{"name": "Ada", "email": "ada@w.example", "email2": "ada@h.example", "email2_kind": "Home", "phone": "555"},
			`"email_addresses":[{"address":"ada@w.example","default_email":true,"name":"Work"},{"address":"ada@h.example","name":"Home"}],"name":"Ada","phone_numbers":[{"name":"Mobile","number":"555"}]`},
		{"second e-mail empty", map[string]any{"name": "Ada", "email": "ada@w.example", "email2": "", "email2_kind": "", "phone": "555"},
			`"email_addresses":[{"address":"ada@w.example","default_email":true,"name":"Work"}],"name":"Ada","phone_numbers":[{"name":"Mobile","number":"555"}]`},
		{"no phone: its Mobile constant goes too", map[string]any{"name": "Ada", "email": "ada@w.example"},
			`"email_addresses":[{"address":"ada@w.example","default_email":true,"name":"Work"}],"name":"Ada","type":"Person"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := p.Samples([]nexset.Record{rec(1, tt.rec)}, 1)
			if len(s) != 1 || s[0].Error != "" || len(s[0].Problems) != 0 {
				t.Fatalf("sample: %+v", s)
			}
			body := strings.Join(strings.Fields(s[0].Body), "")
			if !strings.Contains(body, tt.want) {
				t.Errorf("body %s\nwant it to hold %s", body, tt.want)
			}
		})
	}
	// A value outside the item's enum is refused in the sample.
	s := p.Samples([]nexset.Record{rec(1, map[string]any{"name": "Ada", "email2": "a@b.example", "email2_kind": "Cell"})}, 1)
	if len(s) != 1 || !strings.Contains(strings.Join(s[0].Problems, "\n"), "email_addresses[0].name") || !strings.Contains(strings.Join(s[0].Problems, "\n"), "Cell") {
		t.Errorf("enum outside the item's values: %+v", s)
	}
	// --map and --set give the same targets.
	if m, err := ParseMapFlag("phone_numbers[1].number=mobile"); err != nil || m.Target != "phone_numbers[1].number" || m.Source != "mobile" {
		t.Errorf("--map item: %+v %v", m, err)
	}
	op, _ := p.Operation(), 0
	if m, err := ParseSetFlag("phone_numbers[1].name=Fax", op.Data); err != nil || m.Value != "Fax" {
		t.Errorf("--set item: %+v %v", m, err)
	}
}

// An index gap and a malformed index are refused at load with their line.
func TestArrayItemsRefusedAtLoad(t *testing.T) {
	tests := []struct {
		name, from, to string
		line           int
		want           string
	}{
		{"gap", "phone_numbers[0].number", "phone_numbers[2].number", 16, "phone_numbers[2] is mapped, but phone_numbers[1] is not"},
		{"not a number", "email_addresses[1].address", "email_addresses[x].address", 14, `the index "x" is not a whole number`},
		{"unknown item attribute", "phone_numbers[0].name", "phone_numbers[0].colour", 17, "has no attribute phone_numbers[0].colour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(contactItemsYAML, tt.from, tt.to, 1)
			_, err := Parse([]byte(bad), "c.yaml")
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("want a load error, got %v", err)
			}
			for _, p := range le.Problems {
				if p.Line == tt.line && strings.Contains(p.Message, tt.want) {
					return
				}
			}
			t.Errorf("problems %+v, want line %d: %s", le.Problems, tt.line, tt.want)
		})
	}
}

// BenchmarkBuildContactItems is a contact's per-record cost with three list
// items (two e-mails and a phone): prepare, body and the catalogue's verdict.
func BenchmarkBuildContactItems(b *testing.B) {
	d, err := Parse([]byte(contactItemsYAML), "c.yaml")
	if err != nil {
		b.Fatal(err)
	}
	p, err := d.Plan()
	if err != nil {
		b.Fatal(err)
	}
	recs := []nexset.Record{rec(1, map[string]any{"name": "Ada", "email": "ada@w.example", "email2": "ada@h.example", "email2_kind": "Home", "phone": "555"})}
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		if calls, fails := p.Build(recs); len(calls) != 1 || len(fails) != 0 {
			b.Fatal(fails)
		}
	}
	reportCPUPerOp(b, cpu)
}
