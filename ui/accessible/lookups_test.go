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
