package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// ifMatchLog serves the sandbox and notes each contact PATCH with the
// IF-MATCH it carried; before, when set, runs first (a staff edit).
type ifMatchLog struct {
	sb     *sandbox.Server
	before func(r *http.Request)
	mu     sync.Mutex
	sent   []string // "ID IF-MATCH"
}

func (h *ifMatchLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/api/v4/contacts/") {
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/v4/contacts/"), ".json")
		h.mu.Lock()
		h.sent = append(h.sent, id+" "+r.Header.Get("IF-MATCH"))
		h.mu.Unlock()
		if h.before != nil {
			h.before(r)
		}
	}
	h.sb.ServeHTTP(w, r)
}

func (h *ifMatchLog) patches() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.sent...)
}

// TestFindOrCreateSendsIfMatch: the update of a contact found by e-mail
// carries the etag of the look-up's answer; the updates of a contact this
// run created carry the etag of the write before them (the create, then
// the first update), one after the other in file order, so no update of
// the run's own is taken for a staff edit. A later run that finds the
// contact in the look-up cache sends the etag of cliodest's last write.
func TestFindOrCreateSendsIfMatch(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1, SearchLag: time.Hour})
	h := &ifMatchLog{sb: sb}
	c := faultClient(t, sb, h)
	whitfield := sb.ETag("contacts", sandbox.ContactWhitfield)
	csv := findCSV + "IN-6,Dana Reyes,Dana,Reyes,DANA@new.example,555-0146\n"
	d, file := findDest(t, csv, "")
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Concurrency: 4})
	if s.Created != 3 || s.UpdatedExisting != 3 || s.Conflicts != 0 || s.Failed != 0 {
		t.Fatalf("activation %+v", s)
	}
	in2, _, _ := l.Get("IN-2")
	in3, _, _ := l.Get("IN-3")
	in6, _, _ := l.Get("IN-6")
	want := []string{
		fmt.Sprintf("%d %s", sandbox.ContactWhitfield, whitfield),
		fmt.Sprintf("%d %s", in2.ClioID, in2.ETag), // IN-3 after IN-2's create
		fmt.Sprintf("%d %s", in2.ClioID, in3.ETag), // IN-6 after IN-3's update
	}
	got := h.patches()
	if whitfield == "" || in2.ETag == "" || in3.ETag == "" || in3.ETag == in2.ETag || len(got) != 3 || !samePatches(got, want) {
		t.Fatalf("PATCHes sent with IF-MATCH %q, want %q", got, want)
	}
	if in6.State != ledger.Delivered || in6.ClioID != in2.ClioID || sb.ETag("contacts", in2.ClioID) != in6.ETag {
		t.Fatalf("IN-6 %+v; Dana's etag in Clio %s", in6, sb.ETag("contacts", in2.ClioID))
	}

	// Across runs: IN-7 finds Dana in the ledger's look-up cache.
	writeFile(t, d.Dir, "intake.csv", csv+"IN-7,Dana Reyes,Dana,Reyes,dana@NEW.example,555-0147\n")
	if s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l}); s.UpdatedExisting != 1 || s.Lookups != 0 || s.Conflicts != 0 {
		t.Fatalf("second activation %+v", s)
	}
	if got := h.patches(); len(got) != 4 || got[3] != fmt.Sprintf("%d %s", in2.ClioID, in6.ETag) {
		t.Fatalf("the second run's PATCH: %q, want IF-MATCH %s", got, in6.ETag)
	}
}

// samePatches compares the PATCHes of two objects made concurrently: each
// object's in order, whatever the interleaving.
func samePatches(got, want []string) bool {
	per := func(list []string) map[string][]string {
		m := map[string][]string{}
		for _, p := range list {
			id, _, _ := strings.Cut(p, " ")
			m[id] = append(m[id], p)
		}
		return m
	}
	return fmt.Sprint(per(got)) == fmt.Sprint(per(want))
}

// TestFindOrCreateStaffEdit: staff edit Eleanor Whitfield's first name
// between the look-up and the update. The update's If-Match is refused
// (412), the read-back shows the difference, and the record is an edit
// conflict that keeps the staff's value (on_conflict: skip), holding the
// contact; retry --overwrite-conflicts then sends the record's values.
func TestFindOrCreateStaffEdit(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1, SearchLag: time.Hour})
	var once sync.Once
	h := &ifMatchLog{sb: sb, before: func(r *http.Request) {
		once.Do(func() {
			if _, err := sb.EditInClio("contacts", sandbox.ContactWhitfield, map[string]any{"first_name": "Nora"}); err != nil {
				t.Error(err)
			}
		})
	}}
	c := faultClient(t, sb, h)
	lines := strings.SplitAfter(findCSV, "\n")
	d, file := findDest(t, lines[0]+lines[1], "") // Eleanor Whitfield alone
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
	if s.Conflicts != 1 || s.Delivered != 0 || s.UpdatedExisting != 0 {
		t.Fatalf("activation %+v", s)
	}
	en, _, _ := l.Get("IN-1")
	if !en.IsConflict() || en.ClioID != sandbox.ContactWhitfield || !strings.Contains(en.ErrMessage, "since find_by found it") || !strings.Contains(en.ErrMessage, "first_name") {
		t.Fatalf("IN-1 %+v", en)
	}
	if got := firstName(t, c); got != "Nora" {
		t.Fatalf("Clio's first name after the conflict: %q", got)
	}

	s = run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Mode: ledger.ModeRetry, OverwriteConflicts: true})
	if s.Overwritten != 1 || s.Conflicts != 0 || s.Created != 0 {
		t.Fatalf("retry --overwrite-conflicts %+v", s)
	}
	if got := firstName(t, c); got != "Eleanor" {
		t.Fatalf("Clio's first name after the overwrite: %q", got)
	}
	if got := h.patches(); len(got) != 2 || got[1] != fmt.Sprintf("%d %s", sandbox.ContactWhitfield, en.SeenETag) {
		t.Fatalf("PATCHes %q; the overwrite should carry the etag seen at the conflict, %s", got, en.SeenETag)
	}
}

// firstName reads Eleanor Whitfield's first name in the sandbox.
func firstName(t *testing.T, c *clio.Client) string {
	t.Helper()
	raw, _, err := c.Get(context.Background(), fmt.Sprintf("/contacts/%d.json", sandbox.ContactWhitfield), "first_name")
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		FirstName string `json:"first_name"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	return o.FirstName
}
