package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/session"
)

// Each wizard step alone, in a test environment (stepenv_test.go): keys
// into its update, its view read back. No sandbox, no model.

// wantScreen fails unless the step's body holds every want.
func wantScreen(t *testing.T, env *stepEnv, s step, want ...string) {
	t.Helper()
	sc := flat(stepScreen(env, s))
	for _, w := range want {
		if !strings.Contains(sc, w) {
			t.Fatalf("no %q in:\n%s", w, stepScreen(env, s))
		}
	}
}

func TestNexsetStepPicksLoadsAndGoesOn(t *testing.T) {
	env := nexsetFiles(t, t.TempDir())
	s := entered(t, env, newNexsetStep(env)).(*nexsetStep)
	wantScreen(t, env, s, "Nexset files here", "a.jsonl", "b.jsonl")
	stepPress(t, env, s, "down", "down") // b.jsonl
	stepPress(t, env, s, "enter")        // loads it
	if s.loaded != filepath.Join(env.o.StartDir, "b.jsonl") || len(env.recs) != 3 || env.total != 3 {
		t.Fatalf("loaded %q: %d records, total %d", s.loaded, len(env.recs), env.total)
	}
	wantScreen(t, env, s, "Records: 3", "Schema (from the first 3 records)", "work_date")
	if env.d.Name != "b" || !env.dirty {
		t.Fatalf("name %q, dirty %v", env.d.Name, env.dirty)
	}
	stepPress(t, env, s, "enter") // loaded: straight on
	if nexts(env) != 1 {
		t.Fatalf("enter on the loaded file moved on %d times", nexts(env))
	}
}

func TestNexsetStepSuggestsTheKeyOnTab(t *testing.T) {
	env, s := nexsetLoaded(t, t.TempDir(), 2)
	stepPress(t, env, s, "tab")
	if env.d.Nexset.Key != "entry_id" {
		t.Fatalf("key = %q, want the unique entry_id", env.d.Nexset.Key)
	}
}

func TestCredStepListsAndOpensTheNewTokenForm(t *testing.T) {
	env, s := credList(t, t.TempDir())
	wantScreen(t, env, s, "token from CLIODEST_TOKEN (us)", "> + New credential: paste an access token")
	stepPress(t, env, s, "enter")
	wantScreen(t, env, s, "Paste an access token from Clio", "Access token (hidden)")
	if !s.busy() || !strings.Contains(stepFooter(env, s), "esc cancel") {
		t.Fatalf("the form does not own esc: busy %v, footer %s", s.busy(), stepFooter(env, s))
	}
	stepPress(t, env, s, "enter", "enter", "enter") // no name: refused where it is typed
	wantScreen(t, env, s, "Name:")
	stepPress(t, env, s, "esc")
	if s.creating != "" {
		t.Fatal("esc left the form open")
	}
}

// enter checks the chosen credential with flow/session's Connect (a fake
// here), keeps the connection and goes on, saying as whom; enter on it
// then continues without checking again. A refused check says why.
func TestCredStepChecksAndGoesOn(t *testing.T) {
	env, s := credList(t, t.TempDir())
	stepPress(t, env, s, "up", "enter") // CLIODEST_TOKEN's: refused
	if fake(env).connects != 1 || env.conn.ok || nexts(env) != 0 {
		t.Fatalf("connects %d, conn %+v, nexts %d", fake(env).connects, env.conn, nexts(env))
	}
	wantScreen(t, env, s, errNoClio.Error())
	withConn(t, env, true)
	c := env.conn
	fake(env).who = &session.Conn{Client: c.client, Host: c.host, Label: c.label, User: c.user}
	env.conn = connection{}
	env.d.Credential = "before"
	stepPress(t, env, s, "enter")
	if !env.conn.ok || env.d.Credential != "" || !env.dirty || nexts(env) != 1 || s.checking {
		t.Fatalf("conn %+v, credential %q, dirty %v, nexts %d", env.conn, env.d.Credential, env.dirty, nexts(env))
	}
	if !strings.Contains(env.flash, "Connected as Jane Doe") {
		t.Fatalf("flash = %q", env.flash)
	}
	stepPress(t, env, s, "enter")
	if nexts(env) != 2 || fake(env).connects != 2 {
		t.Fatalf("enter on the connected credential: nexts %d, connects %d", nexts(env), fake(env).connects)
	}
}

func TestEndpointStepAdvancedAndConfirmedDelete(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	s := entered(t, env, newEndpointStep(env)).(*endpointStep)
	stepPress(t, env, s, "right") // Advanced
	if env.d.Endpoint.Method != "POST" || env.d.Endpoint.Template != "" {
		t.Fatalf("endpoint = %+v", env.d.Endpoint)
	}
	wantScreen(t, env, s, "URL (a Clio v4 path", "Method")
	stepPress(t, env, s, "left") // the template again
	for s.fm.focused().id != "on_remove" {
		stepPress(t, env, s, "down")
	}
	stepPress(t, env, s, "right")
	if env.d.OnRemove != "" {
		t.Fatalf("on_remove %q before y", env.d.OnRemove)
	}
	wantScreen(t, env, s, "press y to confirm")
	stepPress(t, env, s, "y")
	if env.d.OnRemove != "delete" {
		t.Fatalf("on_remove %q after y", env.d.OnRemove)
	}
	wantScreen(t, env, s, "confirmed: removed records' objects are deleted")
}

func TestMappingStepUnmapsEditsAndSwitchesPassthrough(t *testing.T) {
	env, s := mappingList(t, t.TempDir())
	stepPress(t, env, s, "delete")
	if _, i := s.mappingOf(env, "type"); i >= 0 || !env.dirty {
		t.Fatal("delete left type mapped")
	}
	wantScreen(t, env, s, "required attribute type has no mapping")
	stepPress(t, env, s, "enter") // its editor: Clio's values first
	wantScreen(t, env, s, "type (required)", "Source")
	stepPress(t, env, s, "right", "enter")
	if mp, i := s.mappingOf(env, "type"); i < 0 || !mp.Const {
		t.Fatalf("type = %+v after choosing the first value", mp)
	}
	on := env.d.PassthroughOn()
	stepPress(t, env, s, "p")
	if env.d.PassthroughOn() == on {
		t.Fatal("p did not switch passthrough")
	}
	stepPress(t, env, s, "tab")
	if nexts(env) != 1 {
		t.Fatal("tab did not go on")
	}
}

// esc in the editor puts back what the attribute had.
func TestMappingEditorEscPutsBack(t *testing.T) {
	env, s := mappingEditor(t, t.TempDir())
	before, _ := s.mappingOf(env, "date")
	stepPress(t, env, s, "right", "right")
	if mp, _ := s.mappingOf(env, "date"); mp == before {
		t.Fatal("the editor did not apply the change live")
	}
	stepPress(t, env, s, "esc")
	if mp, _ := s.mappingOf(env, "date"); mp != before || s.editing != nil {
		t.Fatalf("esc left %+v, want %+v", mp, before)
	}
}

func TestExcludeStepTicksAndGoesOn(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	s := entered(t, env, newExcludeStep())
	first := env.schema.Attrs[0].Path
	stepPress(t, env, s, "space")
	if len(env.d.Exclude) != 1 || env.d.Exclude[0] != first || !env.dirty {
		t.Fatalf("exclude = %v", env.d.Exclude)
	}
	wantScreen(t, env, s, "[x] "+first, "Excluded: "+first)
	stepPress(t, env, s, "x")
	if len(env.d.Exclude) != 0 {
		t.Fatalf("x did not untick: %v", env.d.Exclude)
	}
	stepPress(t, env, s, "enter")
	if nexts(env) != 1 {
		t.Fatal("enter did not go on")
	}
}

// On an endpoint that takes one object, batching on asks first: any key
// but y keeps one record per request.
func TestBatchingStepAsksOnAOneObjectEndpoint(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	env.d.Endpoint = oneObjectEndpoint
	s := entered(t, env, newBatchingStep(env)).(*batchingStep)
	stepPress(t, env, s, "space")
	wantScreen(t, env, s, "Clio refuses every batch there", "Batch anyway, for a Clio-compatible proxy that accepts arrays? (y/N)")
	if env.d.Batching.Enabled || !s.busy() {
		t.Fatalf("enabled %v before the answer", env.d.Batching.Enabled)
	}
	stepPress(t, env, s, "esc")
	if env.d.Batching.Enabled || s.askForce != "" {
		t.Fatal("esc did not keep one record per request")
	}
	stepPress(t, env, s, "space", "y")
	if !env.d.Batching.Enabled || !env.d.Batching.Anyway {
		t.Fatalf("y: %+v", env.d.Batching)
	}
	stepPress(t, env, s, "space")
	if env.d.Batching.Enabled || env.d.Batching.Anyway {
		t.Fatalf("off again: %+v", env.d.Batching)
	}
}

func TestWebhookStepTurnsOnAndTakesTheURL(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	s := entered(t, env, newWebhookStep(env))
	stepPress(t, env, s, "space", "down")
	stepType(t, env, s, "https://hooks.example.com/x")
	if w := env.d.ResponseWebhook; !w.Enabled || w.URL != "https://hooks.example.com/x" {
		t.Fatalf("webhook = %+v", w)
	}
	stepPress(t, env, s, "enter", "enter") // the file (optional), then on
	if nexts(env) != 1 {
		t.Fatalf("moved on %d times:\n%s", nexts(env), stepScreen(env, s))
	}
}

// The Test step shows each record's request; a send to a real Clio asks
// first, and any key but y sends nothing.
func TestTestStepRecordsEditAndAsksBeforeARealSend(t *testing.T) {
	env, s := testStepOn(t, t.TempDir())
	wantScreen(t, env, s, "Record 2 of 3 (line 2)", "POST", "/api/v4/activities.json", "creates a real object in Clio")
	stepPress(t, env, s, "left")
	wantScreen(t, env, s, "Record 1 of 3 (line 1)")
	stepPress(t, env, s, "e")
	if !s.editing || !s.busy() {
		t.Fatal("e did not open the body")
	}
	stepPress(t, env, s, "esc")
	stepPress(t, env, s, "s")
	wantScreen(t, env, s, "This creates or changes a REAL object in Clio (firm (Jane Doe)")
	stepPress(t, env, s, "n")
	if s.confirm || s.sending {
		t.Fatal("n sent or kept asking")
	}
	stepPress(t, env, s, "ctrl+e")
	if env.flash != "ran vi" {
		t.Fatalf("ctrl+e: %q", env.flash)
	}
	stepPress(t, env, s, "enter")
	if nexts(env) != 1 {
		t.Fatal("enter did not go on")
	}
}

// s sends the record's request through flow/session's TestSend (a fake
// here) and shows Clio's answer and the object kept as the record's
// delivery, which u offers to undo.
func TestTestStepSendsAndShowsTheAnswer(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	withConn(t, env, true) // a sandbox: no question first
	s := entered(t, env, newTestStep()).(*testStep)
	fake(env).sent = session.Tested{TestResult: flow.TestResult{Status: 201, Response: `{"data":{"id":7}}`}, Created: 7,
		Pending: &deliver.KeptTest{}}
	stepPress(t, env, s, "s")
	if n := len(fake(env).sends); n != 1 || fake(env).sends[0].Rec.Line != 1 || fake(env).sends[0].Call.Method != "POST" {
		t.Fatalf("sends: %+v", fake(env).sends)
	}
	wantScreen(t, env, s, "Status: 201 accepted", "Kept as record 1's delivery", "u undo (delete object 7 in Clio)")
	if len(env.keptTests) != 1 || !strings.Contains(stepFooter(env, s), "u undo") {
		t.Fatalf("kept %d, footer %s", len(env.keptTests), stepFooter(env, s))
	}
}

func TestTestStepWithoutCredentialSaysSo(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	s := entered(t, env, newTestStep())
	wantScreen(t, env, s, "Choose and check a credential first (Credential step).", "enter continues without a test.")
	if f := stepFooter(env, s); f != "←/→ record • enter next • " {
		t.Fatalf("footer: %s", f)
	}
}

// The Save step writes the file, checks every record (a dry run), and
// offers to send them, later by default.
func TestSaveStepSavesChecksAndOffers(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	s := entered(t, env, newSaveStep(env)).(*saveStep)
	stepPress(t, env, s, "enter")
	if _, err := os.Stat(s.saved); err != nil || env.savedPath != s.saved || env.dirty {
		t.Fatalf("saved %q (%v), dirty %v; flash %q", s.saved, err, env.dirty, env.flash)
	}
	d, err := flow.Load(s.saved)
	if err != nil || d.Endpoint.Template != flow.CreateActivity || len(d.Mapping) != 4 {
		t.Fatalf("the file reads back as %+v (%v)", d, err)
	}
	wantScreen(t, env, s, "Checked the Nexset's 3 records")
	stepPress(t, env, s, "enter") // Later
	if !env.quitting {
		t.Fatal("enter on Later did not close the wizard")
	}
}

func TestSaveStepAsksBeforeOverwriting(t *testing.T) {
	env := activityEnv(t, t.TempDir())
	s := entered(t, env, newSaveStep(env)).(*saveStep)
	path := s.fm.get("path").value()
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	stepPress(t, env, s, "enter")
	wantScreen(t, env, s, "exists. Overwrite it? (y/N)")
	stepPress(t, env, s, "esc")
	if b, _ := os.ReadFile(path); string(b) != "x" || s.askOver {
		t.Fatalf("esc overwrote the file or kept asking: %q", b)
	}
}
