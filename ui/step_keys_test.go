package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// keyCase is one step in one state, as its setup leaves it.
type keyCase struct {
	name  string
	id    stepID
	setup func(t *testing.T, dir string) (*stepEnv, step)
	// typing: a text field (or the body editor) has the focus, and the
	// keys that edit text are its own, not the step's.
	typing bool
	// idle are footer keys that do nothing visible in this state, each
	// with why it is named anyway.
	idle map[string]string
}

// keyCases puts each of the nine steps in the states whose keys differ.
func keyCases() []keyCase {
	return []keyCase{
		{name: "Nexset file list", id: stepNexset, typing: true, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := nexsetFiles(t, dir)
			s := entered(t, env, newNexsetStep(env))
			stepPress(t, env, s, "down") // a.jsonl picked
			return env, s
		}, idle: map[string]string{"tab": "the picked name is whole: nothing left to complete"}},
		{name: "Nexset record key", id: stepNexset, typing: true, setup: func(t *testing.T, dir string) (*stepEnv, step) { return nexsetLoaded(t, dir, 2) }},
		{name: "Nexset Read as", id: stepNexset, setup: func(t *testing.T, dir string) (*stepEnv, step) { return nexsetLoaded(t, dir, 4) },
			idle: map[string]string{"down": "the last field"}},
		{name: "Credential list", id: stepCredential, setup: func(t *testing.T, dir string) (*stepEnv, step) { return credList(t, dir) }},
		{name: "Credential connected", id: stepCredential, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := credList(t, dir)
			withConn(t, env, true)
			env.conn.name = "" // CLIODEST_TOKEN's
			return env, s
		}},
		{name: "Credential checking", id: stepCredential, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := credList(t, dir)
			s.checking, s.cancel = true, func() { env.flash = "cancelled" }
			return env, s
		}},
		{name: "Credential new token, host", id: stepCredential, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := credList(t, dir)
			stepPress(t, env, s, "enter", "down") // the form; its host
			return env, s
		}},
		{name: "Endpoint template", id: stepEndpoint, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			s := entered(t, env, newEndpointStep(env))
			stepPress(t, env, s, "down")
			return env, s
		}},
		{name: "Endpoint on_remove delete", id: stepEndpoint, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			s := entered(t, env, newEndpointStep(env)).(*endpointStep)
			for s.fm.focused().id != "on_remove" {
				stepPress(t, env, s, "down")
			}
			stepPress(t, env, s, "right")
			return env, s
		}, idle: map[string]string{"down": "the last field"}},
		{name: "Mapping list", id: stepMapping, setup: func(t *testing.T, dir string) (*stepEnv, step) { return mappingList(t, dir) }},
		{name: "Mapping editor", id: stepMapping, typing: true, setup: func(t *testing.T, dir string) (*stepEnv, step) { return mappingEditor(t, dir) },
			idle: map[string]string{"up": "the first field"}},
		{name: "Mapping custom fields", id: stepMapping, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := mappingList(t, dir)
			s.custom.open, s.custom.parent = true, "Contact"
			s.custom.fields = make([]clio.CustomField, 3)
			s.custom.fields[0].Name, s.custom.fields[1].Name, s.custom.fields[2].Name = "A", "B", "C"
			s.custom.sel = 1
			return env, s
		}},
		{name: "Exclude", id: stepExclude, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			s := entered(t, env, newExcludeStep())
			stepPress(t, env, s, "down")
			return env, s
		}},
		{name: "Batching off", id: stepBatching, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			return env, entered(t, env, newBatchingStep(env))
		}, idle: map[string]string{"up": "one field", "down": "one field"}},
		{name: "Batching asks", id: stepBatching, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			env.d.Endpoint = oneObjectEndpoint
			s := entered(t, env, newBatchingStep(env)).(*batchingStep)
			stepPress(t, env, s, "space") // one object per call: on asks first
			return env, s
		}},
		{name: "Webhook off", id: stepWebhook, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			return env, entered(t, env, newWebhookStep(env))
		}, idle: map[string]string{"up": "one field", "down": "one field"}},
		{name: "Webhook URL", id: stepWebhook, typing: true, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			s := entered(t, env, newWebhookStep(env))
			stepPress(t, env, s, "space", "down")
			return env, s
		}},
		{name: "Test record", id: stepTest, setup: func(t *testing.T, dir string) (*stepEnv, step) { return testStepOn(t, dir) }},
		{name: "Test asks", id: stepTest, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := testStepOn(t, dir)
			stepPress(t, env, s, "s")
			return env, s
		}},
		{name: "Test sending", id: stepTest, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := testStepOn(t, dir)
			s.sending, s.cancel = true, func() { env.flash = "cancelled" }
			return env, s
		}},
		{name: "Test kept", id: stepTest, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := testStepOn(t, dir)
			s.result = &testResult{TestResult: flow.TestResult{Status: 201}}
			s.kept = &testKept{id: 5, rec: 2, says: "kept"}
			return env, s
		}},
		{name: "Test editing", id: stepTest, typing: true, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := testStepOn(t, dir)
			stepPress(t, env, s, "e", "down")
			return env, s
		}, idle: textAreaMoves},
		{name: "Save path", id: stepSave, typing: true, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			return env, entered(t, env, newSaveStep(env))
		}},
		{name: "Save overwrite", id: stepSave, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env := activityEnv(t, dir)
			s := entered(t, env, newSaveStep(env)).(*saveStep)
			s.askOver = true
			return env, s
		}},
		{name: "Save offer", id: stepSave, setup: func(t *testing.T, dir string) (*stepEnv, step) { return saveOffer(t, dir) }},
		{name: "Save done", id: stepSave, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := saveOffer(t, dir)
			s.summary = "Activation done: 3 delivered."
			return env, s
		}},
		{name: "Save running", id: stepSave, setup: func(t *testing.T, dir string) (*stepEnv, step) {
			env, s := saveOffer(t, dir)
			s.running, s.cancel = true, func() { env.flash = "stopping" }
			return env, s
		}},
	}
}

// textAreaMoves are the body editor's moves the footer names: the cursor
// is the terminal's, not drawn in the view.
var textAreaMoves = map[string]string{"up": "cursor", "down": "cursor", "left": "cursor", "right": "cursor",
	"pgup": "cursor", "pgdown": "cursor", "home": "cursor", "end": "cursor"}

// candidateKeys are the keys tried on every step: the named ones, control
// keys, the letters (capitals for the answers to questions) and some
// signs.
func candidateKeys() []string {
	ks := []string{"enter", "esc", "tab", "shift+tab", "up", "down", "left", "right", "space", "backspace", "delete",
		"home", "end", "pgup", "pgdown", "ctrl+a", "ctrl+b", "ctrl+d", "ctrl+e", "ctrl+f", "ctrl+k", "ctrl+n", "ctrl+u", "ctrl+w"}
	for r := 'a'; r <= 'z'; r++ {
		ks = append(ks, string(r))
	}
	return append(ks, "Y", "N", "Q", "0", "1", "+", "-", "/", ".", "?")
}

// reachesStep mirrors the wizard's globalKey: the keys it takes before the
// current step sees them.
func reachesStep(id stepID, s step, k string) bool {
	g := newGlobalKeys()
	msg := keyMsg(k)
	switch {
	case key.Matches(msg, g.quit, g.pane, g.expand):
		return false
	case key.Matches(msg, g.scrollUp, g.scrollDown):
		t, ok := s.(interface{ typing() bool })
		return ok && t.typing()
	case key.Matches(msg, g.back):
		return s.busy() || id == stepNexset
	}
	return true
}

// textKey says k edits text in a focused text input or area: a character,
// or one of their own key maps' keys.
func textKey(k string) bool {
	if len([]rune(k)) == 1 || k == "space" {
		return true
	}
	msg := keyMsg(k)
	for _, km := range []any{textinput.DefaultKeyMap(), textarea.DefaultKeyMap()} {
		v := reflect.ValueOf(km)
		for i := range v.NumField() {
			if b, ok := v.Field(i).Interface().(key.Binding); ok && key.Matches(msg, b) {
				return true
			}
		}
	}
	return false
}

// snapshot is what a key can change that anyone would see: the step's
// body, the notice, the destination, and whether the wizard moved on,
// quit or has unsaved changes.
func snapshot(env *stepEnv, s step) string {
	return fmt.Sprintf("%s\x00%s\x00%+v\x00%d %v %v", stepScreen(env, s), env.flash, *env.d, nexts(env), env.quitting, env.dirty)
}

// TestStepKeysAreTheirFooters drives every candidate key into every step,
// in each of its states, one key at a time: a key that
// changes something must be one of the footer's bindings (or edit the
// focused text), and every key of the footer's bindings must change
// something. A key handled without a binding, or a binding the step does
// not handle, fails here.
func TestStepKeysAreTheirFooters(t *testing.T) {
	for _, c := range keyCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir() // one for the state: its setups share the files
			env, s := c.setup(t, dir)
			var bound []string
			anyKey := false
			for _, b := range s.keys(env) {
				bound = append(bound, b.Keys()...)
				anyKey = anyKey || b.Help().Key == anyOtherKey
			}
			// A key that changes nothing leaves the step as it was, so the
			// next key is tried on it; after a change the step is set up
			// afresh.
			before := snapshot(env, s)
			for _, k := range candidateKeys() {
				if !reachesStep(c.id, s, k) {
					continue
				}
				s.update(env, keyMsg(k))
				after := snapshot(env, s)
				changed := after != before
				isBound := slices.Contains(bound, k)
				switch {
				case changed && !isBound && !anyKey && !(c.typing && textKey(k)):
					t.Errorf("%s is handled but in no binding of the footer %q", k, stepFooter(env, s))
				case isBound && !changed && c.idle[k] == "":
					t.Errorf("the footer binds %s, which does nothing here", k)
				}
				if changed {
					env, s = c.setup(t, dir)
					before = snapshot(env, s)
				}
			}
		})
	}
}

// TestStepsMatchKeysByBinding: the steps' code (and the form's) tells
// keys apart only with key.Matches against bindings, never by comparing a
// key's name, which no footer would see.
func TestStepsMatchKeysByBinding(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	byName := regexp.MustCompile(`\.String\(\)\s*(==|!=|\{)|case\s+"(enter|esc|up|down|left|right|tab|space|[a-zA-Z])"`)
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "model.go" || f == "pane.go" { // the root's own keys
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for i, line := range strings.Split(string(b), "\n") {
			if byName.MatchString(line) {
				t.Errorf("%s:%d tells a key by its name: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d files read", checked)
	}
}
