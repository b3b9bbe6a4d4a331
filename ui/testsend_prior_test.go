package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
)

// stepRows is what an 80×24 wizard shows of the step: its view wrapped at
// 80 columns, under the step's title and a blank line, in the body's rows.
func stepRows(env *stepEnv, s step) string {
	const width, body = 80, 18 // bodyHeight at 80×24
	s.(interface{ resize(int, int) }).resize(width, body)
	lines := strings.Split(lipgloss.NewStyle().Width(width).Render(ansi.Strip(s.view(env, width))), "\n")
	return strings.Join(lines[:min(len(lines), body-2)], "\n")
}

// On a record the destination's ledger holds as delivered (the home's t on
// a delivered destination), the Test step says before the send that the
// object is a second one, not "kept as this record's delivery"; after the
// send, the note and u are on an 80×24 screen above a long answer; and
// →, to another record, clears the answer.
func TestTestStepOnADeliveredRecord(t *testing.T) {
	dir := t.TempDir()
	env := activityEnv(t, dir)
	withConn(t, env, true) // a sandbox: no question first
	env.o.EditPath = filepath.Join(dir, "dest.yaml")
	p, err := env.d.PlanOn(env.conn.host)
	if err != nil {
		t.Fatal(err)
	}
	it, fail := p.Prepare(env.recs[0])
	if fail != nil {
		t.Fatal(fail)
	}
	l, err := ledger.Open(ledger.DefaultPath(env.o.EditPath), ledger.Identity{ID: env.d.ID, Name: env.d.Name})
	if err != nil {
		t.Fatal(err)
	}
	err = l.TestDelivered(ledger.Entry{Key: it.Ref.Key, Pos: it.Ref.Pos, Line: it.Ref.Line, Method: "POST", URL: "/api/v4/activities.json", HTTPStatus: 201, ClioID: 41})
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	s := entered(t, env, newTestStep()).(*testStep)
	before := strings.Join(strings.Fields(stepRows(env, s)), " ") // the words may wrap
	if !strings.Contains(before, "Record 1 is delivered in the ledger already as Clio object 41: the object this creates is a second one") ||
		strings.Contains(before, "kept as this record's delivery") {
		t.Errorf("before the send of a delivered record:\n%s", before)
	}

	var answer strings.Builder
	for i := range 30 {
		fmt.Fprintf(&answer, "{\"line\": %d}\n", i)
	}
	second := "Record 1 is delivered in the ledger already, so Clio object 42 is a second object that activation leaves alone"
	fake(env).sent = session.Tested{TestResult: flow.TestResult{Status: 201, Response: answer.String()}, Created: 42,
		Ledger: &deliver.TestSent{ClioID: 42, Why: second + ": delete it in Clio if it is not wanted."}}
	stepPress(t, env, s, "s")
	after := strings.Join(strings.Fields(stepRows(env, s)), " ") // the note may wrap
	for _, want := range []string{"Status: 201 accepted", second, "u undo (delete object 42 in Clio)"} {
		if !strings.Contains(after, want) {
			t.Errorf("at 80×24 after the send, %q is off-screen:\n%s", want, stepRows(env, s))
		}
	}

	stepPress(t, env, s, "right")
	next := stepScreen(env, s)
	if strings.Contains(next, "Status: 201") || strings.Contains(next, "object 42") {
		t.Errorf("record 2 shows record 1's answer:\n%s", next)
	}
	if !strings.Contains(next, "Record 2 of 3") || !strings.Contains(next, "kept as this record's delivery") {
		t.Errorf("record 2, not delivered:\n%s", next)
	}
}
