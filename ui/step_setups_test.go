package ui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// The setups below put one step, alone in a test environment, into one of
// its states. The key-map test (step_keys_test.go) and the steps' unit
// tests (step_units_test.go) share them.

// activityMapping fills Create Activity's required attributes from the
// time entries' attributes.
func activityMapping(t *testing.T) []flow.Mapping {
	t.Helper()
	out := []flow.Mapping{mustSet(t, "type=TimeEntry")}
	for _, tv := range [][2]string{{"date", "work_date"}, {"quantity", "hours:hours_to_seconds"}, {"matter.id", "matter_id"}} {
		mp, err := flow.ParseSource(tv[0], tv[1])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, mp)
	}
	return out
}

// activityEnv is an environment whose destination creates an activity
// from the time entries, read as the Nexset step reads them.
func activityEnv(t *testing.T, dir string) *stepEnv {
	t.Helper()
	env := newTestEnv(t, dir)
	withRecords(t, env, timeEntries)
	env.d.Endpoint = flow.Endpoint{Template: flow.CreateActivity}
	env.d.Mapping = activityMapping(t)
	return env
}

// oneObjectEndpoint is an Advanced endpoint Clio describes as taking one
// object per call: batching it asks first.
var oneObjectEndpoint = flow.Endpoint{Method: "POST", URL: "/api/v4/activities.json"}

// entered builds a step with build, sizes it and runs its enter.
func entered(t *testing.T, env *stepEnv, s step) step {
	t.Helper()
	if r, ok := s.(interface{ resize(int, int) }); ok {
		r.resize(100, 40)
	}
	stepRun(t, env, s, s.enter(env))
	return s
}

// nexsetFiles is an environment starting in a directory of two Nexsets.
func nexsetFiles(t *testing.T, dir string) *stepEnv {
	t.Helper()
	env := newTestEnv(t, dir)
	for _, n := range []string{"a.jsonl", "b.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			continue // written by a test before, in the same directory
		}
		if err := os.WriteFile(filepath.Join(dir, n), []byte(timeEntries), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

// nexsetLoaded is the Nexset step with a.jsonl read, the focus moved down
// by downs.
func nexsetLoaded(t *testing.T, dir string, downs int) (*stepEnv, step) {
	t.Helper()
	env := nexsetFiles(t, dir)
	env.o.StartNexset = filepath.Join(env.o.StartDir, "a.jsonl")
	s := entered(t, env, newNexsetStep(env))
	for range downs {
		stepPress(t, env, s, "down")
	}
	return env, s
}

// credList is the Credential step listing CLIODEST_TOKEN and the two new
// kinds, the second chosen.
func credList(t *testing.T, dir string) (*stepEnv, *credStep) {
	t.Helper()
	env := newTestEnv(t, dir)
	env.o.Token = "token"
	env.o.Store = cred.NewStore(cred.Options{Dir: filepath.Join(dir, "config"), Keyring: &cred.MemoryKeyring{}})
	s := entered(t, env, newCredStep()).(*credStep)
	stepPress(t, env, s, "down")
	return env, s
}

// mappingList is the Mapping step of the activity, on its type.
func mappingList(t *testing.T, dir string) (*stepEnv, *mappingStep) {
	t.Helper()
	env := activityEnv(t, dir)
	s := entered(t, env, newMappingStep()).(*mappingStep)
	for i, l := range s.targets {
		if l.Path == "type" {
			s.sel = i
		}
	}
	return env, s
}

// mappingEditor is the Mapping step's editor open on date (← work_date).
func mappingEditor(t *testing.T, dir string) (*stepEnv, *mappingStep) {
	t.Helper()
	env, s := mappingList(t, dir)
	for i, l := range s.targets {
		if l.Path == "date" {
			s.sel = i
		}
	}
	stepPress(t, env, s, "enter")
	return env, s
}

// testStepOn is the Test step of the activity on its second record, with a
// connection to a real-looking Clio (a send asks first).
func testStepOn(t *testing.T, dir string) (*stepEnv, *testStep) {
	t.Helper()
	env := activityEnv(t, dir)
	withConn(t, env, false)
	s := entered(t, env, newTestStep()).(*testStep)
	stepPress(t, env, s, "right")
	return env, s
}

// saveOffer is the Save step once saved and checked: the offer to send.
func saveOffer(t *testing.T, dir string) (*stepEnv, *saveStep) {
	t.Helper()
	env := activityEnv(t, dir)
	s := entered(t, env, newSaveStep(env)).(*saveStep)
	s.saved = env.o.SavePath
	s.check = deliver.Summary{RunSummary: ledger.RunSummary{Records: 3}}
	return env, s
}
