package ui

import (
	"os"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// TestMappingOffersNotAndValues: a Billable? column is suggested for
// non_billable with boolean:not, and the editor offers values:, whose pairs
// are typed below it, with the column's own values as help (issue 22).
func TestMappingOffersNotAndValues(t *testing.T) {
	f := newOfflineFixture(t)
	const billing = `{"entry_id":"TE-1","work_date":"2024-03-25","hours":1.5,"matter_id":3001,"user_id":1001,"narrative":"Research","Billable?":"Y"}
{"entry_id":"TE-2","work_date":"2024-03-04","hours":0.5,"matter_id":3002,"user_id":1002,"narrative":"Call","Billable?":"N"}
`
	if err := os.WriteFile(f.nexset, []byte(billing), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "enter", "enter")
	if m.cur != stepMapping {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	s := m.steps[stepMapping].(*mappingStep)
	if mp, i := s.mappingOf(&m.stepEnv, "non_billable"); i < 0 || mp.Source != "Billable?" || mp.Convert != "boolean:not" {
		t.Fatalf("non_billable suggestion = %+v, want Billable? with boolean:not", mp)
	}
	if !strings.Contains(paneText(m), `"non_billable": false`) {
		t.Fatalf("the pane does not send Y as non_billable false:\n%s", paneText(m))
	}

	gotoTarget(t, m, "non_billable")
	press(t, m, "enter", "enter")
	conv := s.fm.get("convert")
	for i := 0; i < 30 && conv.value() != valuesChoice; i++ {
		press(t, m, "right")
	}
	if conv.value() != valuesChoice {
		t.Fatalf("values: is not among the conversions %q", conv.options)
	}
	press(t, m, "enter")
	if got := screen(m); !strings.Contains(got, "Billable? holds Y, N") {
		t.Fatalf("the Values field does not show the column's values:\n%s", got)
	}
	typeText(t, m, "Y=false,N=true")
	for i := 0; i < 3 && s.editing != nil; i++ {
		press(t, m, "enter")
	}
	if mp, _ := s.mappingOf(&m.stepEnv, "non_billable"); mp.Convert != "values:Y=false,N=true" {
		t.Fatalf("saved conversion %q, want values:Y=false,N=true", mp.Convert)
	}
	if !strings.Contains(paneText(m), `"non_billable": false`) {
		t.Fatalf("the pane does not follow values:\n%s", paneText(m))
	}

	// Reopened, the editor shows values: with its pairs.
	press(t, m, "enter")
	if s.fm.get("convert").value() != valuesChoice || s.fm.get("values").value() != "Y=false,N=true" {
		t.Fatalf("reopened with %q / %q", s.fm.get("convert").value(), s.fm.get("values").value())
	}
	if flow.ConversionHelp["boolean:not"] == "" {
		t.Fatal("boolean:not has no help")
	}
}
