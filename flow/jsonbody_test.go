package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// A narrative's &, < and > are sent and shown as written, not as \u0026.
func TestBodyKeepsAmpersand(t *testing.T) {
	d := timeEntries(t)
	r := timeRecord(1)
	r.Fields["note"] = "Call with A & B <re: merger>"
	p := mustPlan(t, d)
	calls, fails := p.Build([]nexset.Record{r})
	if len(fails) > 0 || len(calls) != 1 {
		t.Fatalf("calls %d, fails %v", len(calls), fails)
	}
	if body := string(calls[0].Body); !strings.Contains(body, `"Call with A & B <re: merger>"`) || strings.Contains(body, `\u0026`) {
		t.Errorf("body sent: %s", body)
	}
	s := Samples(d, []nexset.Record{r}, 1)[0]
	if !strings.Contains(s.Body, `A & B <re: merger>`) {
		t.Errorf("sample body: %s", s.Body)
	}
}
