package flow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/internal/cputime"
)

const customContactYAML = `version: 1
id: cf1
name: Intake contacts
status: paused
api_version: 4.0.10
nexset: {path: intake.csv, key: ref}
endpoint: {template: create_contact}
mapping:
  - {target: type, value: Person}
  - {target: name, source: full_name}
  - {target: "email_addresses[0].address", source: email}
  - {target: "email_addresses[0].name", value: Home}
  - {target: "phone_numbers[0].number", source: phone}
custom_fields:
  - {name: Referral Source, source: referral_source}
  - {name: case type, source: case_type}
  - {name: First Contact, source: first_contact, convert: "date:MM/DD/YYYY"}
  - {name: Newsletter, value: true}
  - {name: Household Size, source: household}
`

func customRecord(fields map[string]any) nexset.Record {
	r := map[string]any{"ref": "IN-1", "full_name": "Hannah Okafor", "email": "h@mail.example", "phone": "555-0141",
		"referral_source": "website", "case_type": "Personal injury", "first_contact": "11/02/2026", "household": int64(3)}
	for k, v := range fields {
		r[k] = v
	}
	return rec(1, r)
}

func parseCustom(t *testing.T, y string) *Destination {
	t.Helper()
	d, err := Parse([]byte(y), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The file's custom_fields are read and written back as they were.
func TestCustomFieldsFile(t *testing.T) {
	d := parseCustom(t, customContactYAML)
	if len(d.CustomFields) != 5 || d.CustomFields[2].Convert != "date:MM/DD/YYYY" || !d.CustomFields[3].Const || d.CustomFields[3].Value != true {
		t.Fatalf("custom fields %+v", d.CustomFields)
	}
	if !d.HasLookups() || d.CustomFieldParent() != "Contact" {
		t.Errorf("HasLookups %v, parent %q", d.HasLookups(), d.CustomFieldParent())
	}
	out, err := Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"- {name: Referral Source, source: referral_source}", "- {name: Newsletter, value: true}", `- {name: First Contact, source: first_contact, convert: 'date:MM/DD/YYYY'}`} {
		if !strings.Contains(string(out), w) {
			t.Errorf("written file lacks %s:\n%s", w, out)
		}
	}
	again := parseCustom(t, string(out))
	if len(again.CustomFields) != 5 || again.CustomFields[0] != d.CustomFields[0] {
		t.Errorf("round trip: %+v", again.CustomFields)
	}
}

// Bad custom_fields entries are refused at load, with their lines.
func TestCustomFieldsLoadErrors(t *testing.T) {
	cases := []struct {
		edit func(string) string
		line int
		want string
	}{
		{func(s string) string {
			return strings.Replace(s, "{template: create_contact}", "{template: create_task}", 1)
		}, 14, "POST /tasks.json takes no custom fields: only contacts and matters have them"},
		{func(s string) string {
			return strings.Replace(s, "{name: case type, source: case_type}", "{name: referral source, source: case_type}", 1)
		}, 16, `custom field "referral source" is already filled by custom_fields[1]`},
		{func(s string) string {
			return strings.Replace(s, "{name: Newsletter, value: true}", "{name: Newsletter, value: true, source: x}", 1)
		}, 18, "give source or value, not both"},
		{func(s string) string {
			return strings.Replace(s, "{name: Household Size, source: household}", "{name: Household Size, source: household, convert: \"lookup:contacts.email\"}", 1)
		}, 19, "cannot be looked up"},
		{func(s string) string { return strings.Replace(s, "{name: Household Size, ", "{", 1) }, 19, "missing: the custom field's name"},
		{func(s string) string {
			return strings.Replace(s, "{name: Household Size, source: household}", "{name: Household Size, source: household, colour: red}", 1)
		}, 19, `unknown field "colour"`},
		{func(s string) string {
			return strings.Replace(s, "  - {target: \"phone_numbers[0].number\", source: phone}", "  - {target: \"custom_field_values[0].value\", source: phone}", 1)
		}, 13, "not both"},
	}
	for _, tc := range cases {
		_, err := Parse([]byte(tc.edit(customContactYAML)), "c.yaml")
		var le *LoadError
		if !errors.As(err, &le) {
			t.Errorf("%s: loaded: %v", tc.want, err)
			continue
		}
		found := false
		for _, p := range le.Problems {
			if strings.Contains(p.Message, tc.want) && p.Line == tc.line {
				found = true
			}
		}
		if !found {
			t.Errorf("problems %+v, want line %d: %s", le.Problems, tc.line, tc.want)
		}
	}
}

func TestCustomFieldFlags(t *testing.T) {
	c, err := ParseCustomFieldFlag("Referral Source=referral_source")
	if err != nil || c.Name != "Referral Source" || c.Source != "referral_source" || c.Convert != "" {
		t.Errorf("%+v %v", c, err)
	}
	c, err = ParseCustomFieldFlag("First Contact = first:date:DD.MM.YYYY")
	if err != nil || c.Name != "First Contact" || c.Source != "first" || c.Convert != "date:DD.MM.YYYY" {
		t.Errorf("%+v %v", c, err)
	}
	for _, bad := range []string{"Referral Source", "=x", "A=src:nonsense"} {
		if _, err := ParseCustomFieldFlag(bad); err == nil || !strings.Contains(err.Error(), "--custom-field") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	c, err = ParseCustomFieldSetFlag("Case Type=Family")
	if err != nil || !c.Const || c.Value != "Family" || c.Name != "Case Type" {
		t.Errorf("%+v %v", c, err)
	}
	if _, err := ParseCustomFieldSetFlag("Family"); err == nil {
		t.Error("a set without a name was taken")
	}
}

// Without a client the samples say the custom fields are looked up when
// sent, and nothing is sent: no custom field ID that was not looked up.
func TestCustomFieldsDeferred(t *testing.T) {
	p := mustPlan(t, parseCustom(t, customContactYAML))
	s := p.Samples([]nexset.Record{customRecord(nil)}, 1)
	if len(s) != 1 || s[0].Error != "" || strings.Contains(s[0].Body, "custom_field_values") ||
		!strings.Contains(strings.Join(s[0].Warnings, "\n"), `custom field Referral Source: looked up when sent ("website")`) {
		t.Fatalf("deferred sample: %+v", s)
	}
	if _, fails := p.Build([]nexset.Record{customRecord(nil)}); len(fails) != 1 || !strings.Contains(fails[0].Reason, "looks up IDs") {
		t.Fatalf("sent without looking the fields up: %v", fails)
	}
}

// Against the sandbox: each name becomes its field's ID among the contact's
// fields (the contact's Case Type, not the matter's), typed values are
// written as Clio takes them, and the sandbox accepts the body.
func TestCustomFieldsBuilt(t *testing.T) {
	sb, c := sandboxClient(t, sandbox.Config{RateLimit: -1})
	ctx := context.Background()
	r := lookup.NewResolver(lookup.Options{Client: c})
	p := mustPlan(t, parseCustom(t, customContactYAML)).WithLookups(ctx, r)
	calls, fails := p.Build([]nexset.Record{customRecord(nil)})
	if len(fails) != 0 || len(calls) != 1 {
		t.Fatalf("build: %v", fails)
	}
	want := `"custom_field_values":[{"custom_field":{"id":7001},"value":"7101"},{"custom_field":{"id":7002},"value":"Personal injury"},` +
		`{"custom_field":{"id":7003},"value":"2026-11-02"},{"custom_field":{"id":7004},"value":"true"},{"custom_field":{"id":7005},"value":"3"}]`
	if !strings.Contains(string(calls[0].Body), want) {
		t.Fatalf("body %s\nwant %s", calls[0].Body, want)
	}
	// A test send asks Clio to answer with what the custom fields became.
	resp, err := c.Do(ctx, p.WithTestFields(calls[0]).Request())
	if err != nil {
		t.Fatalf("the sandbox refused the body: %v", err)
	}
	if !strings.Contains(string(resp.Body), `"field_name":"Referral Source"`) {
		t.Errorf("the answer does not show the custom fields: %s", resp.Body)
	}
	if sb.Created("contacts") != 1 {
		t.Errorf("created %d contacts", sb.Created("contacts"))
	}
	// A blank value leaves its field out, as a mapping's does.
	calls, _ = p.Build([]nexset.Record{customRecord(map[string]any{"referral_source": " ", "household": nil})})
	if len(calls) != 1 || strings.Contains(string(calls[0].Body), `"id":7001`) || strings.Contains(string(calls[0].Body), `"id":7005`) {
		t.Errorf("blank values sent: %s", calls[0].Body)
	}
	if st := r.Stats(); st.Requests != 1 {
		t.Errorf("%d requests to list the contact's custom fields, want 1", st.Requests)
	}

	bad := []struct {
		fields map[string]any
		attr   string
		want   string
	}{
		{map[string]any{"first_contact": "next week"}, "first_contact", `"next week" does not match the date layout MM/DD/YYYY (converting with date:MM/DD/YYYY for custom field First Contact)`},
		{map[string]any{"referral_source": "Billboard"}, "referral_source", `custom field "Referral Source" (picklist): "Billboard" is not one of its options: Website, Referral, Advertisement, Other`},
		{map[string]any{"household": "several"}, "household", `custom field "Household Size" (numeric)`},
	}
	for _, tc := range bad {
		_, fails := p.Build([]nexset.Record{customRecord(tc.fields)})
		if len(fails) != 1 || fails[0].Attr != tc.attr || !strings.Contains(fails[0].Reason, tc.want) {
			t.Errorf("%v: %+v, want %s: %s", tc.fields, fails, tc.attr, tc.want)
		}
	}
	// A date field given text that is not YYYY-MM-DD, without a conversion.
	d := parseCustom(t, strings.Replace(customContactYAML, `, convert: "date:MM/DD/YYYY"`, "", 1))
	_, fails = mustPlan(t, d).WithLookups(ctx, r).Build([]nexset.Record{customRecord(nil)})
	if len(fails) != 1 || !strings.Contains(fails[0].Error(), `first_contact: custom field "First Contact" (date): "11/02/2026" is not a date, YYYY-MM-DD: convert other layouts with date:LAYOUT`) {
		t.Errorf("date without a conversion: %v", fails)
	}
}

// An unknown name is refused listing the firm's fields of that parent type;
// a name two fields of one parent type share is ambiguous.
func TestCustomFieldNames(t *testing.T) {
	dup := sandbox.SeedCustomField{CustomField: clio.CustomField{ID: 7901, Name: "referral source", ParentType: "Contact", FieldType: "text_line"}}
	_, c := sandboxClient(t, sandbox.Config{RateLimit: -1, ExtraCustomFields: []sandbox.SeedCustomField{dup}})
	ctx := context.Background()
	r := lookup.NewResolver(lookup.Options{Client: c})
	d := parseCustom(t, strings.Replace(customContactYAML, "{name: case type,", "{name: Case Typ,", 1))
	_, fails := mustPlan(t, d).WithLookups(ctx, r).Build([]nexset.Record{customRecord(map[string]any{"referral_source": ""})})
	want := `custom field Case Typ: the firm has no Contact custom field named "Case Typ"; its Contact custom fields are: Case Type, First Contact, Household Size, LinkedIn, Newsletter, Referral Source, referral source`
	if len(fails) != 1 || fails[0].What() != want {
		t.Fatalf("unknown name: %v\nwant %s", fails, want)
	}
	if st := r.Stats(); st.Failures != 1 || st.Requests != 1 {
		t.Errorf("stats %+v: a record failed by a name counts as a look-up failure", st)
	}
	_, fails = mustPlan(t, parseCustom(t, customContactYAML)).WithLookups(ctx, r).Build([]nexset.Record{customRecord(nil)})
	if len(fails) != 1 || !strings.Contains(fails[0].Reason, `2 Contact custom fields are named "Referral Source" (IDs 7001, 7901); none is picked`) {
		t.Fatalf("ambiguous name: %v", fails)
	}
	// The matter's Case Type is the matter's field, a picklist.
	m := New("Matters")
	m.Nexset = NexsetRef{Path: "intake.csv"}
	m.Endpoint = Endpoint{Template: CreateMatter}
	m.Mapping = []Mapping{{Target: "client.id", Value: sandbox.ContactAcme, Const: true}, {Target: "description", Source: "summary"}}
	m.CustomFields = []CustomFieldMapping{{Name: "Case Type", Source: "case_type"}, {Name: "Conflict Check Done", Value: "yes", Const: true}}
	calls, fails := mustPlan(t, m).WithLookups(ctx, r).Build([]nexset.Record{rec(1, map[string]any{"summary": "x", "case_type": "family"})})
	if len(fails) != 0 || !strings.Contains(string(calls[0].Body), `"custom_field_values":[{"custom_field":{"id":7011},"value":"7113"},{"custom_field":{"id":7012},"value":"true"}]`) {
		t.Fatalf("matter: %v %v", calls, fails)
	}
	fs, err := ListCustomFields(ctx, c, m.CustomFieldParent())
	if err != nil || len(fs) != 5 || fs[0].Name != "Case Type" || fs[0].FieldType != "picklist" {
		t.Errorf("ListCustomFields: %+v %v", fs, err)
	}
	if h := CustomValueHelp(fs[0]); h != "one of the options by name: Personal injury, Employment, Family, Commercial" {
		t.Errorf("help %q", h)
	}
}

// BenchmarkBuildContactCustomFields is a contact's per-record cost with
// three list items (an e-mail, two phones) and five custom fields (a
// picklist, a text line, a date with a layout, a checkbox, a number), the
// fields already listed (the run's first record pays the one request):
// prepare, body, the catalogue's verdict and the encoded call. "none" builds
// the same record and items without the custom fields, so the difference is
// theirs.
func BenchmarkBuildContactCustomFields(b *testing.B) {
	y := strings.Replace(customContactYAML, "  - {target: \"phone_numbers[0].number\", source: phone}\n",
		"  - {target: \"phone_numbers[0].number\", source: phone}\n  - {target: \"phone_numbers[1].number\", source: mobile}\n", 1)
	_, c := sandboxClient(b, sandbox.Config{RateLimit: -1})
	recs := []nexset.Record{customRecord(map[string]any{"mobile": "555-0191"})}
	for _, tc := range []struct {
		name   string
		fields int
	}{{"5 custom fields", 5}, {"none", 0}} {
		b.Run(tc.name, func(b *testing.B) {
			d, err := Parse([]byte(y), "c.yaml")
			if err != nil {
				b.Fatal(err)
			}
			d.CustomFields = d.CustomFields[:tc.fields]
			p, err := d.Plan()
			if err != nil {
				b.Fatal(err)
			}
			p = p.WithLookups(context.Background(), lookup.NewResolver(lookup.Options{Client: c}))
			calls, fails := p.Build(recs)
			if len(fails) != 0 || strings.Count(string(calls[0].Body), `"custom_field":`) != tc.fields || strings.Count(string(calls[0].Body), `"number":`) != 2 {
				b.Fatalf("%v %s", fails, calls[0].Body)
			}
			b.ReportAllocs()
			cpu := cputime.Process()
			for b.Loop() {
				if calls, fails := p.Build(recs); len(calls) != 1 || len(fails) != 0 {
					b.Fatal(fails)
				}
			}
			reportCPUPerOp(b, cpu)
		})
	}
}

// reportCPUPerOp adds the CPU time per operation since start (cpu-µs/op):
// on a machine shared with other work it says more than ns/op, which counts
// the time others held the cores.
func reportCPUPerOp(b *testing.B, start time.Duration) {
	b.Helper()
	if used := cputime.Process() - start; used > 0 {
		b.ReportMetric(float64(used.Microseconds())/float64(b.N), "cpu-µs/op")
	}
}
