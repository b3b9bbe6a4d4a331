package deliver

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// faultClient is a client of the sandbox sb through h, a handler that
// wraps it with a fault.
func faultClient(t *testing.T, sb *sandbox.Server, h http.Handler) *clio.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	host, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	return clio.NewClient(clio.Options{Host: host, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()})
}

// TestFindOrCreateEarlierInDoubt: run 1 loses the answer to IN-2's create
// of Dana; in run 2 the file has IN-3, with Dana's e-mail in other case,
// before IN-2, and more than a chunk of records (blank e-mails, failed
// unsent) between them, so IN-3 is decided before IN-2 is read. Clio's search does not show the contact made, so IN-3 would
// find nothing and create a twin: it stays pending instead, pointing to
// retry --in-doubt. After the retry settles IN-2, the next activation
// updates Dana from IN-3. One Dana, never two.
func TestFindOrCreateEarlierInDoubt(t *testing.T) {
	const head = "ref,full_name,first_name,last_name,email,phone\n"
	const in2 = "IN-2,Dana Reyes,Dana,Reyes,dana@new.example,555-0141\n"
	const in3 = "IN-3,Dana Reyes,Dana,Reyes,Dana@New.example,555-0142\n"
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{RateLimit: -1, SearchLag: time.Hour, Log: log})
	c := faultClient(t, sb, &dropFirst{sb: sb, marker: "dana@new.example"})
	d, file := findDest(t, head+in2, "")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l}); s.InDoubt != 1 || s.Created != 0 {
		t.Fatalf("first activation %+v", s)
	}

	var blanks strings.Builder
	for i := range chunk + 10 {
		fmt.Fprintf(&blanks, "X-%d,No Mail,No,Mail,,555-0100\n", i)
	}
	writeFile(t, d.Dir, "intake.csv", head+in3+blanks.String()+in2)
	var mu sync.Mutex
	var waiting []string
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Events: func(ev Event) {
		if f, ok := ev.(RecordFailed); ok && f.State == string(ledger.Pending) {
			mu.Lock()
			waiting = append(waiting, f.Key+": "+f.Message)
			mu.Unlock()
		}
	}})
	if s.Created != 0 || s.Delivered != 0 || s.UpdatedExisting != 0 || s.InDoubt != 1 || s.Pending != 1 || s.Lookups != 0 || s.Failed != chunk+10 {
		t.Fatalf("second activation %+v", s)
	}
	if len(waiting) != 1 || !strings.HasPrefix(waiting[0], "IN-3: intake.csv line 2 (record 1): ") ||
		!strings.Contains(waiting[0], "the record with key IN-2 (line 2 when its create was sent), which has email Dana@New.example too, is in doubt") ||
		!strings.Contains(waiting[0], "cliodest retry --in-doubt") {
		t.Errorf("waiting: %q", waiting)
	}
	if ids := contactsWith(t, c, "dana@new.example"); len(ids) != 1 {
		t.Fatalf("after the second activation, contacts with dana@new.example: %v", ids)
	}

	if s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Mode: ledger.ModeRetry, InDoubt: true}); s.Reconciled != 1 || s.Requests != 1 {
		t.Fatalf("retry --in-doubt %+v", s)
	}
	s = run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
	if s.Created != 0 || s.UpdatedExisting != 1 || s.Pending != 0 {
		t.Fatalf("activation after the retry %+v", s)
	}
	dana := contactsWith(t, c, "dana@new.example")
	if len(dana) != 1 {
		t.Fatalf("contacts with dana@new.example: %v", dana)
	}
	for _, k := range []string{"IN-2", "IN-3"} {
		if en, _, _ := l.Get(k); en.State != ledger.Delivered || en.ClioID != dana[0] {
			t.Errorf("%s: %s %d (Dana is %d)", k, en.State, en.ClioID, dana[0])
		}
	}
	if posts, _ := contactWrites(t, log); posts != 1 {
		t.Errorf("%d contacts created", posts)
	}
}

// TestFindOrCreateEarlierInDoubtOnStdin: the second activation reads the
// intake from standard input, which cannot be read ahead; the ledger keeps
// the e-mail IN-2's create was sent with, so IN-3, before IN-2 in the
// stream and more than a chunk of records before it, still waits for that
// create instead of making a second Dana.
func TestFindOrCreateEarlierInDoubtOnStdin(t *testing.T) {
	const head = "ref,full_name,first_name,last_name,email,phone\n"
	const in2 = "IN-2,Dana Reyes,Dana,Reyes,dana@new.example,555-0141\n"
	const in3 = "IN-3,Dana Reyes,Dana,Reyes,Dana@New.example,555-0142\n"
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{RateLimit: -1, SearchLag: time.Hour, Log: log})
	c := faultClient(t, sb, &dropFirst{sb: sb, marker: "dana@new.example"})
	d, file := findDest(t, head+in2, "")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l}); s.InDoubt != 1 {
		t.Fatalf("first activation %+v", s)
	}

	// More than a chunk between them: IN-3 is decided before IN-2 is read.
	var blanks strings.Builder
	for i := range chunk + 10 {
		fmt.Fprintf(&blanks, "X-%d,No Mail,No,Mail,,555-0100\n", i)
	}
	d.Nexset.Path, d.Nexset.Format = "-", "csv"
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Stdin: strings.NewReader(head + in3 + blanks.String() + in2)})
	if s.Created != 0 || s.Pending != 1 || s.InDoubt != 1 {
		t.Fatalf("activation from standard input %+v", s)
	}
	if ids := contactsWith(t, c, "dana@new.example"); len(ids) != 1 {
		t.Fatalf("contacts with dana@new.example: %v", ids)
	}
	if posts, _ := contactWrites(t, log); posts != 1 {
		t.Errorf("%d contacts created", posts)
	}
}
