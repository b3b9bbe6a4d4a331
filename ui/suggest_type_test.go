package ui

import (
	"os"
	"strings"
	"testing"
)

// TestActivityTypeIsProposed: the Mapping step proposes an Activity's type
// from what else is mapped (flow.SuggestType): hours make a TimeEntry, a
// price without hours an ExpenseEntry; the samples are then valid.
func TestActivityTypeIsProposed(t *testing.T) {
	for _, tt := range []struct{ name, records, want string }{
		{"hours", timeEntries, "TimeEntry"},
		{"price", `{"entry_id":"EX-1","work_date":"2024-03-04","price":12.5,"matter_id":3001}` + "\n" +
			`{"entry_id":"EX-2","work_date":"2024-03-05","price":40,"matter_id":3002}` + "\n", "ExpenseEntry"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newOfflineFixture(t)
			if err := os.WriteFile(f.nexset, []byte(tt.records), 0o600); err != nil {
				t.Fatal(err)
			}
			m := newTestModel(t, f.options(), 140, 45)
			press(t, m, "ctrl+u")
			pastePath(t, m, f.nexset)
			press(t, m, "enter", "enter") // load, Credential
			connectOffline(t, m, f)
			press(t, m, "enter", "enter", "enter") // check, template, Mapping
			if m.cur != stepMapping {
				t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
			}
			mp, i := m.steps[stepMapping].(*mappingStep).mappingOf(&m.stepEnv, "type")
			if i < 0 || !mp.Const || mp.Value != tt.want {
				t.Fatalf("type = %+v, want the constant %s", mp, tt.want)
			}
			if sc := screen(m); !strings.Contains(sc, "= "+tt.want) || strings.Contains(sc, "missing data.type") {
				t.Fatalf("screen:\n%s", sc)
			}
		})
	}
}
