package accessible_test

import (
	"strings"
	"testing"
)

// After the mapping, accessible mode says how many records resolve their
// look-ups, and each sample payload says what its look-ups found.
func TestLookupsReportedAndShown(t *testing.T) {
	e := newEnv(t)
	answers := []string{"firm-time.csv", "", "", "-", "1", "1", "", ""} // read as detected, suggested key, no zone, credential, Create Activity, on_change
	answers = append(answers, make([]string, 30)...)                    // every suggestion and default after
	_ = e.run(t, answers...)
	out := e.out.String()
	for _, want := range []string{
		"Look-ups: 5 of the first 5 records resolve.",
		"matter: 00042-Whitfield → 3009", "user: marcus@firm.example → ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("screen lacks %q:\n%s", want, out)
		}
	}
}

// The verdict printed before the test send judges the samples with the
// values looked up: it does not warn "looked up when sent" for a matter
// the sample above it shows found.
func TestVerdictUsesTheLookups(t *testing.T) {
	e := newEnv(t)
	answers := []string{"firm-time.csv", "", "", "-", "1", "1", "", ""}
	answers = append(answers, make([]string, 30)...)
	_ = e.run(t, answers...)
	out := e.out.String()
	if !strings.Contains(out, "matter: 00042-Whitfield → 3009") {
		t.Fatalf("the samples show no look-up:\n%s", out)
	}
	if strings.Contains(out, "matter.id: looked up when sent") {
		t.Errorf("the verdict says a value found above is looked up when sent:\n%s", out)
	}
}
