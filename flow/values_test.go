package flow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestConvertValuesAndNot(t *testing.T) {
	for _, c := range []struct {
		conv    string
		in      any
		want    any
		wantErr string
	}{
		{"boolean:not", "Y", false, ""},
		{"boolean:not", "n", true, ""},
		{"boolean:not", true, false, ""},
		{"boolean:not", "maybe", nil, "not true/false"},
		{"values:Y=false,N=true", "Y", false, ""},
		{"values:Y=false,N=true", "N", true, ""},
		{"values:Y=false,N=true", " y ", false, ""}, // one pair fits ignoring case
		{"values:Y=false,N=true", "X", nil, `"X" is not listed in values (Y, N)`},
		{"values:Y=false,N=true", "", nil, "blank"},
		{"values:Y=false,=true", "  ", true, ""}, // a blank cell listed
		{"values:high=High,HIGH=Urgent", "High", nil, "matches both"},
		{"values:P1=high,P2=normal", "P1", "high", ""},
		{"values:1=Complete,0=Pending", int64(1), "Complete", ""},
		{"values:Complete=1", "complete", int64(1), ""}, // untyped target: a number is read as one
		{`values:a\,b=x`, "a,b", "x", ""},
		{"values:Y=false", map[string]any{}, nil, "cannot be looked up"},
	} {
		got, err := Convert(c.conv, c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("Convert(%s, %#v) error = %v, want %q", c.conv, c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Convert(%s, %#v) = %#v, %v; want %#v", c.conv, c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"values:", "values:Y", "values:Y=1,Y=2", `values:a\b=1`, "values:Y=1,,N=2"} {
		if err := checkConversion(bad); err == nil {
			t.Errorf("checkConversion(%q) accepted", bad)
		}
	}
}

func TestParseMapFlagValues(t *testing.T) {
	m, err := ParseMapFlag("non_billable=Billable?:values:Y=false,N=true")
	if err != nil || m.Source != "Billable?" || m.Convert != "values:Y=false,N=true" {
		t.Fatalf("%+v %v", m, err)
	}
	if m.String() != "non_billable=Billable?:values:Y=false,N=true" {
		t.Errorf("String() = %s", m.String())
	}
	if _, err := ParseMapFlag("non_billable=Billable?:values:Y"); err == nil || !strings.Contains(err.Error(), "has no '='") {
		t.Errorf("err = %v", err)
	}
}

// billing is the first-hour issue's destination: Billable? Y/N into
// non_billable, through conv.
func billing(t *testing.T, conv string) *Destination {
	t.Helper()
	d := timeEntries(t)
	d.Mapping[1].Convert = "date:MM/DD/YYYY"
	d.Mapping = append(d.Mapping, Mapping{Target: "non_billable", Source: "Billable?", Convert: conv})
	return d
}

func billingRecord(pos int, billable string) nexset.Record {
	r := timeRecord(pos)
	r.Fields["Billable?"] = billable
	return r
}

func TestBillingInvertedOrWarned(t *testing.T) {
	for _, conv := range []string{"boolean:not", "values:Y=false,N=true"} {
		calls, fails := mustPlan(t, billing(t, conv)).Build([]nexset.Record{billingRecord(1, "Y"), billingRecord(2, "N")})
		if len(fails) != 0 || len(calls) != 2 {
			t.Fatalf("%s: calls %d fails %v", conv, len(calls), fails)
		}
		if !strings.Contains(string(calls[0].Body), `"non_billable":false`) || !strings.Contains(string(calls[1].Body), `"non_billable":true`) {
			t.Errorf("%s: bodies\n%s\n%s", conv, calls[0].Body, calls[1].Body)
		}
		if len(calls[0].Warnings) != 0 {
			t.Errorf("%s: warnings %v", conv, calls[0].Warnings)
		}
	}
	// A value values: does not list fails its record, naming it.
	_, fails := mustPlan(t, billing(t, "values:Y=false,N=true")).Build([]nexset.Record{billingRecord(3, "Maybe")})
	if len(fails) != 1 || fails[0].Attr != "Billable?" || !strings.Contains(fails[0].Reason, `"Maybe" is not listed in values`) {
		t.Errorf("fails %v", fails)
	}
	// Mapped plainly, the sample says what Y becomes.
	s := Samples(billing(t, "boolean"), []nexset.Record{billingRecord(1, "Y")}, 1)[0]
	want := `Billable? is "Y", sent as non_billable: true, but the names say opposite things: if "Y" means billable, convert with boolean:not`
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], want) {
		t.Errorf("warnings %q", s.Warnings)
	}
}

// values: types each TO by the target: a boolean target refuses "maybe",
// an enum refuses a value it does not allow, both at load with the line.
func TestValuesTargetsChecked(t *testing.T) {
	d := billing(t, "values:Y=false,N=maybe")
	d.Mapping = append(d.Mapping, Mapping{Target: "tax_setting", Source: "tax", Convert: "values:none=no_tax,both=tax_1_and_2"})
	var msgs []string
	for _, p := range checkConfig(d).Errors() {
		msgs = append(msgs, p.String())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		`mapping[5].values: N=maybe: non_billable is a boolean, and "maybe" is not true/false`,
		"mapping[6].values: both=tax_1_and_2: tax_setting is one of no_tax, tax_1_only, tax_2_only, tax_1_and_tax_2",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

// In the file, values is a YAML map and boolean:not a convert; both round-trip.
func TestValuesYAMLRoundTrip(t *testing.T) {
	d := billing(t, "")
	d.Mapping = append(d.Mapping, Mapping{Target: "reference", Source: "Billable?", Convert: "boolean:not"})
	d.Mapping[4].Convert = `values:Y=false,N=true,=true,yes=false`
	path := filepath.Join(t.TempDir(), "d.yaml")
	if err := Save(path, d); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `values: {Y: false, N: true, "": true, yes: false}`) || !strings.Contains(string(data), "convert: 'boolean:not'") {
		t.Errorf("file:\n%s", data)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Mapping[4].Convert != d.Mapping[4].Convert || back.Mapping[5].Convert != "boolean:not" {
		t.Errorf("read back %q, %q", back.Mapping[4].Convert, back.Mapping[5].Convert)
	}
	for _, c := range []struct{ yaml, want string }{
		{"{target: non_billable, source: b, values: {Y: false}, convert: boolean}", "give convert or values, not both"},
		{"{target: non_billable, source: b, values: [Y, N]}", "values is a map of the Nexset's values to Clio's"},
		{"{target: non_billable, source: b, values: {Y: [1]}}", "each entry is one value"},
	} {
		file := strings.Replace(string(data), "- {target: reference, source: 'Billable?', convert: 'boolean:not'}", "- "+c.yaml, 1)
		if _, err := Parse([]byte(file), "d.yaml"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.yaml, err)
		}
	}
}
