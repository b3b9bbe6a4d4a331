package deliver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// findCSV is the intake of issue 21: IN-1 is Eleanor Whitfield, already in
// Clio (her e-mail in another case); IN-2 and IN-3 share a new e-mail in
// different case; IN-4 and IN-5 are new.
const findCSV = `ref,full_name,first_name,last_name,email,phone
IN-1,Eleanor Whitfield,Eleanor,Whitfield,eleanor.whitfield@MAIL.example,555-0140
IN-2,Dana Reyes,Dana,Reyes,dana@new.example,555-0141
IN-3,Dana Reyes,Dana,Reyes,Dana@New.example,555-0142
IN-4,Hannah Okafor,Hannah,Okafor,hannah.okafor@mail.example,555-0143
IN-5,Tomas Lindqvist,Tomas,Lindqvist,t.lindqvist@mail.example,555-0144
`

// findDest writes the intake's Create Contact destination that finds
// contacts by e-mail before creating them.
func findDest(t *testing.T, csv, onExists string) (*flow.Destination, string) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "intake.csv", csv)
	d := flow.New("intake contacts")
	d.Nexset = flow.NexsetRef{Path: "intake.csv", Key: "ref"}
	d.Credential = "firm"
	d.Endpoint = flow.Endpoint{Template: "create_contact"}
	d.Mapping = []flow.Mapping{
		{Target: "type", Value: "Person", Const: true},
		{Target: "name", Source: "full_name"},
		{Target: "first_name", Source: "first_name"},
		{Target: "last_name", Source: "last_name"},
		{Target: "email_addresses[0].address", Source: "email"},
		{Target: "email_addresses[0].name", Value: "Home", Const: true},
		{Target: "phone_numbers[0].number", Source: "phone"},
		{Target: "phone_numbers[0].name", Value: "Home", Const: true},
	}
	off := false
	d.Passthrough = &off
	d.FindBy = &flow.FindBy{Source: "email", Lookup: "lookup:contacts.email"}
	d.OnExists = onExists
	path := filepath.Join(dir, "intake-contacts.yaml")
	return saveDest(t, d, path), path
}

// contactWrites lists the sandbox's answered contact writes: "POST 201",
// "PATCH /api/v4/contacts/ID.json 200".
func contactWrites(t *testing.T, log *syncBuffer) (posts int, patches []string) {
	t.Helper()
	for _, e := range log.entries(t) {
		switch {
		case e.Method == http.MethodPost && strings.HasPrefix(e.Path, "/api/v4/contacts.json") && e.ID != 0:
			posts++
		case e.Method == http.MethodPatch && strings.HasPrefix(e.Path, "/api/v4/contacts/"):
			patches = append(patches, fmt.Sprintf("%s %d", strings.SplitN(e.Path, "?", 2)[0], e.Status))
		}
	}
	return posts, patches
}

// contactsWith lists the IDs of the contacts holding e-mail addr (any case),
// read by ID (never by Clio's lagging search).
func contactsWith(t *testing.T, c *clio.Client, addr string) []int64 {
	t.Helper()
	var ids []int64
	q := url.Values{"fields": {"id,email_addresses"}}
	err := c.List(context.Background(), "/contacts.json", q, func(raw json.RawMessage) error {
		var o struct {
			ID     int64
			Emails []struct{ Address string } `json:"email_addresses"`
		}
		if err := json.Unmarshal(raw, &o); err != nil {
			return err
		}
		for _, e := range o.Emails {
			if strings.EqualFold(e.Address, addr) {
				ids = append(ids, o.ID)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestFindOrCreateIntake is issue 21's intake with Clio's search lagging
// (the sandbox keeps new contacts out of query= for an hour): Eleanor
// Whitfield, already in Clio, is updated; the two rows sharing a new e-mail
// in different case make one contact, created then updated; the two new
// rows make two contacts. Three creates, none twice; four look-ups, one per
// distinct value; a second activation creates and looks up nothing.
func TestFindOrCreateIntake(t *testing.T) {
	env := startSandbox(t, sandbox.Config{RateLimit: -1, SearchLag: time.Hour})
	d, file := findDest(t, findCSV, "")
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: env.client, Ledger: l, Concurrency: 4})
	t.Logf("summary: %+v", s)
	if s.Delivered != 5 || s.Created != 3 || s.UpdatedExisting != 2 || s.Failed != 0 || s.Ambiguous != 0 || s.Lookups != 4 || s.LookupFailures != 0 {
		t.Fatalf("first activation: %+v", s)
	}
	posts, patches := contactWrites(t, env.log)
	if posts != 3 || len(patches) != 2 {
		t.Fatalf("contact writes: %d creates, patches %v", posts, patches)
	}
	whitfield := fmt.Sprintf("/api/v4/contacts/%d.json 200", sandbox.ContactWhitfield)
	if patches[0] != whitfield && patches[1] != whitfield {
		t.Errorf("Eleanor Whitfield (%d) not updated: %v", sandbox.ContactWhitfield, patches)
	}
	dana := contactsWith(t, env.client, "dana@new.example")
	if len(dana) != 1 {
		t.Fatalf("contacts with dana@new.example: %v", dana)
	}
	for _, k := range []string{"IN-2", "IN-3"} {
		en, _, _ := l.Get(k)
		if en.State != ledger.Delivered || en.ClioID != dana[0] {
			t.Errorf("%s: %s, Clio ID %d (Dana is %d)", k, en.State, en.ClioID, dana[0])
		}
	}
	if en, _, _ := l.Get("IN-1"); en.ClioID != sandbox.ContactWhitfield {
		t.Errorf("IN-1 holds %d", en.ClioID)
	}
	for _, addr := range []string{"hannah.okafor@mail.example", "t.lindqvist@mail.example"} {
		if ids := contactsWith(t, env.client, addr); len(ids) != 1 {
			t.Errorf("%s: %v", addr, ids)
		}
	}

	again := run(t, context.Background(), Options{Destination: d, Client: env.client, Ledger: l})
	if again.Created != 0 || again.Requests != 0 || again.Skipped != 5 {
		t.Errorf("second activation: %+v", again)
	}
	if posts, _ := contactWrites(t, env.log); posts != 3 {
		t.Errorf("%d creates after the second activation", posts)
	}
}

// TestFindOrCreateAcrossRuns: a record added to the Nexset later, whose
// e-mail a contact created by an earlier run has, finds it in the ledger
// (Clio's search does not have it yet) and updates it.
func TestFindOrCreateAcrossRuns(t *testing.T) {
	env := startSandbox(t, sandbox.Config{RateLimit: -1, SearchLag: time.Hour})
	first := "ref,full_name,first_name,last_name,email,phone\nIN-2,Dana Reyes,Dana,Reyes,dana@new.example,555-0141\n"
	d, file := findDest(t, first, "")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: env.client, Ledger: l}); s.Created != 1 {
		t.Fatalf("first run %+v", s)
	}
	writeFile(t, d.Dir, "intake.csv", first+"IN-3,Dana Reyes,Dana,Reyes,DANA@new.example,555-0142\n")
	s := run(t, context.Background(), Options{Destination: d, Client: env.client, Ledger: l})
	if s.Created != 0 || s.UpdatedExisting != 1 || s.Lookups != 0 {
		t.Fatalf("second run %+v", s)
	}
	if ids := contactsWith(t, env.client, "dana@new.example"); len(ids) != 1 {
		t.Errorf("contacts with dana@new.example: %v", ids)
	}
}

// dropFirst lets the sandbox make the first contact whose body holds
// marker, then loses its answer (the connection closes).
type dropFirst struct {
	sb     *sandbox.Server
	marker string
	mu     sync.Mutex
	done   bool
}

func (f *dropFirst) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && bytes.Contains(bytes.ToLower(readBody(r)), []byte(f.marker)) {
		f.mu.Lock()
		first := !f.done
		f.done = true
		f.mu.Unlock()
		if first {
			f.sb.ServeHTTP(httptest.NewRecorder(), r)
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				c.Close()
			}
			return
		}
	}
	f.sb.ServeHTTP(w, r)
}

// TestFindOrCreateLostAnswer: the answer to Dana's create is lost, so it is
// in doubt; IN-3, which shares her e-mail, is not created in its turn (it
// stays pending), nor by the next activation. retry --in-doubt finds the
// contact made and remembers it; the activation after that updates it from
// IN-3. One Dana in the end.
func TestFindOrCreateLostAnswer(t *testing.T) {
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{RateLimit: -1, SearchLag: time.Hour, Log: log})
	c := faultClient(t, sb, &dropFirst{sb: sb, marker: "dana@new.example"})

	d, file := findDest(t, findCSV, "")
	l := openLedger(t, d, file)
	var mu sync.Mutex
	var waiting []string
	events := func(ev Event) {
		if f, ok := ev.(RecordFailed); ok && f.State == string(ledger.Pending) {
			mu.Lock()
			waiting = append(waiting, f.Key+": "+f.Message)
			mu.Unlock()
		}
	}
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Events: events})
	if s.InDoubt != 1 || s.Created != 2 || s.UpdatedExisting != 1 || s.Pending != 1 {
		t.Fatalf("activation %+v", s)
	}
	if len(waiting) != 1 || !strings.HasPrefix(waiting[0], "IN-3: ") || !strings.Contains(waiting[0], "is in doubt") {
		t.Errorf("waiting: %q", waiting)
	}
	if en, _, _ := l.Get("IN-2"); en.State != ledger.InDoubt {
		t.Fatalf("IN-2 is %s", en.State)
	}

	// Activating again sends nothing for Dana: IN-2 waits for retry --in-doubt, IN-3 for IN-2.
	s = run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
	if s.Created != 0 || s.Delivered != 0 || s.Pending != 1 {
		t.Fatalf("second activation %+v", s)
	}
	s = run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Mode: ledger.ModeRetry, InDoubt: true})
	if s.Reconciled != 1 {
		t.Fatalf("retry --in-doubt %+v", s)
	}
	s = run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
	if s.Created != 0 || s.UpdatedExisting != 1 {
		t.Fatalf("activation after the retry %+v", s)
	}
	dana := contactsWith(t, c, "dana@new.example")
	if len(dana) != 1 {
		t.Fatalf("contacts with dana@new.example: %v", dana)
	}
	if en, _, _ := l.Get("IN-3"); en.State != ledger.Delivered || en.ClioID != dana[0] {
		t.Errorf("IN-3: %s %d", en.State, en.ClioID)
	}
}

// TestFindOrCreateRules: on_exists skip leaves the contact found alone,
// fail fails its record naming it; a blank e-mail fails its record naming
// the attribute (never created "because nothing matched"); several contacts
// with one name fail the record as ambiguous, listing them.
func TestFindOrCreateRules(t *testing.T) {
	const csv = `ref,full_name,first_name,last_name,email,phone
IN-1,Eleanor Whitfield,Eleanor,Whitfield,eleanor.whitfield@mail.example,555-0140
IN-6,Nobody,No,Body,,555-0146
`
	for _, c := range []struct {
		rule              string
		skipped, failed   int
		existing, patches int
	}{{"skip", 1, 1, 1, 0}, {"fail", 0, 2, 0, 0}} {
		env := startSandbox(t, sandbox.Config{RateLimit: -1})
		d, file := findDest(t, csv, c.rule)
		l := openLedger(t, d, file)
		var msgs []string
		s := run(t, context.Background(), Options{Destination: d, Client: env.client, Ledger: l,
			Events: func(ev Event) {
				if f, ok := ev.(RecordFailed); ok {
					msgs = append(msgs, f.Key+": "+f.Message)
				}
			}})
		posts, patches := contactWrites(t, env.log)
		if s.Skipped != c.skipped || s.SkippedExisting != c.existing || s.Failed != c.failed || posts != 0 || len(patches) != c.patches || s.Created != 0 {
			t.Errorf("on_exists %s: %+v, %d creates, patches %v", c.rule, s, posts, patches)
		}
		all := strings.Join(msgs, "\n")
		if !strings.Contains(all, "IN-6: intake.csv line 3 (record 2): email: blank: find_by needs it") {
			t.Errorf("on_exists %s: blank e-mail: %s", c.rule, all)
		}
		if c.rule == "fail" && !strings.Contains(all, "IN-1: intake.csv line 2 (record 1): already in Clio as contact 2007 (Eleanor Whitfield), found by email eleanor.whitfield@mail.example, and on_exists is fail") {
			t.Errorf("on_exists fail: %s", all)
		}
	}

	env := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := findDest(t, "ref,full_name,first_name,last_name,email,phone\nIN-7,J. Smith,J.,Smith,js@mail.example,555-0147\n", "")
	d.FindBy = &flow.FindBy{Source: "full_name", Lookup: "lookup:contacts.name"}
	d = saveDest(t, d, file)
	l := openLedger(t, d, file)
	var msg string
	s := run(t, context.Background(), Options{Destination: d, Client: env.client, Ledger: l,
		Events: func(ev Event) {
			if f, ok := ev.(RecordFailed); ok {
				msg = f.Message
			}
		}})
	if posts, _ := contactWrites(t, env.log); s.Ambiguous != 1 || s.Failed != 1 || posts != 0 {
		t.Errorf("ambiguous: %+v, %d creates", s, posts)
	}
	if !strings.Contains(msg, "2 contacts have name J. Smith: 2008 (J. Smith), 2009 (J. Smith)") || !strings.Contains(msg, "nothing is created") {
		t.Errorf("ambiguous: %s", msg)
	}
	if en, _, _ := l.Get("IN-7"); en.State != ledger.Failed {
		t.Errorf("IN-7 is %s", en.State)
	}
}

// holdCreate holds the sandbox's answer to the first create whose body
// holds marker until a request whose URL holds release arrives.
type holdCreate struct {
	sb              *sandbox.Server
	marker, release string
	once, freed     sync.Once
	gate            chan struct{}
}

func (h *holdCreate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(strings.ToLower(r.URL.RawQuery), h.release) {
		h.freed.Do(func() { close(h.gate) })
	}
	if r.Method == http.MethodPost && bytes.Contains(bytes.ToLower(readBody(r)), []byte(h.marker)) {
		held := false
		h.once.Do(func() { held = true })
		if held {
			<-h.gate
		}
	}
	h.sb.ServeHTTP(w, r)
}

// TestFindOrCreateWaitsForCreate: Dana's create is not answered until the
// reader has gone past IN-3 (the look-up of IN-5's e-mail, read after it,
// releases it), so IN-3 meets a create in flight: it waits for it, asks
// Clio nothing, and updates the contact made.
func TestFindOrCreateWaitsForCreate(t *testing.T) {
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{RateLimit: -1, SearchLag: time.Hour, Log: log})
	c := faultClient(t, sb, &holdCreate{sb: sb, marker: "dana@new.example", release: "lindqvist", gate: make(chan struct{})})
	d, file := findDest(t, findCSV, "")
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Concurrency: 4})
	if s.Created != 3 || s.UpdatedExisting != 2 || s.Lookups != 4 {
		t.Fatalf("activation %+v", s)
	}
	var order []string
	for _, e := range log.entries(t) {
		if strings.Contains(strings.ToLower(e.Path), "dana") || strings.Contains(string(bytes.ToLower(e.Body)), "dana@new.example") {
			order = append(order, e.Method)
		}
	}
	// One look-up (IN-2's), its create, then IN-3's update of it.
	if strings.Join(order, " ") != "GET POST PATCH" {
		t.Errorf("requests for Dana: %v", order)
	}
	if ids := contactsWith(t, c, "dana@new.example"); len(ids) != 1 {
		t.Errorf("contacts with dana@new.example: %v", ids)
	}
}

// TestFindOrCreateDryRun: a dry run looks each distinct value up (reads)
// and creates nothing; the record sharing a value with an earlier one
// would be an update, asking Clio nothing.
func TestFindOrCreateDryRun(t *testing.T) {
	env := startSandbox(t, sandbox.Config{RateLimit: -1, SearchLag: time.Hour})
	d, file := findDest(t, findCSV, "")
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: env.client, Ledger: l, Mode: ledger.ModeDryRun})
	if s.WouldSend != 5 || s.Lookups != 4 || s.Failed != 0 || env.sb.Created("contacts") != 0 {
		t.Fatalf("dry run: %+v", s)
	}
	if posts, patches := contactWrites(t, env.log); posts != 0 || len(patches) != 0 {
		t.Errorf("a dry run wrote: %d creates, %v", posts, patches)
	}
}

// refuseFirst answers 422 to the first create whose body holds marker,
// creating nothing.
type refuseFirst struct {
	sb     *sandbox.Server
	marker string
	once   sync.Once
}

func (f *refuseFirst) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && bytes.Contains(bytes.ToLower(readBody(r)), []byte(f.marker)) {
		refused := false
		f.once.Do(func() { refused = true })
		if refused {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			w.Write([]byte(`{"error":{"type":"UnprocessableEntity","message":"refused by the test"}}`))
			return
		}
	}
	f.sb.ServeHTTP(w, r)
}

// TestFindOrCreateAfterRefusal: Clio refuses IN-2's create, so Dana is not
// in Clio; IN-3, sharing her e-mail, creates her in its place (no second
// look-up), and nothing is made twice.
func TestFindOrCreateAfterRefusal(t *testing.T) {
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{RateLimit: -1, SearchLag: time.Hour, Log: log})
	c := faultClient(t, sb, &refuseFirst{sb: sb, marker: "dana@new.example"})
	d, file := findDest(t, findCSV, "")
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Concurrency: 4})
	if s.Failed != 1 || s.Created != 3 || s.UpdatedExisting != 1 || s.Lookups != 4 {
		t.Fatalf("activation %+v", s)
	}
	dana := contactsWith(t, c, "dana@new.example")
	if len(dana) != 1 {
		t.Fatalf("contacts with dana@new.example: %v", dana)
	}
	if en, _, _ := l.Get("IN-2"); en.State != ledger.Failed {
		t.Errorf("IN-2 is %s", en.State)
	}
	if en, _, _ := l.Get("IN-3"); en.State != ledger.Delivered || en.ClioID != dana[0] {
		t.Errorf("IN-3: %s %d", en.State, en.ClioID)
	}
}
