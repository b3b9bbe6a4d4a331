package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

func TestTestRequestAsksForTheObject(t *testing.T) {
	st := newTestSendSetup(t, sandbox.Config{RateLimit: -1}, nil, nil)
	call, withLookups, err := st.s.TestRequest(context.Background(), st.t.Plan, st.conn, st.t.Rec)
	if err != nil {
		t.Fatal(err)
	}
	if call.Method != "POST" || !strings.Contains(call.URL, "fields=") || withLookups == nil {
		t.Fatalf("call %s %s", call.Method, call.URL)
	}
	if _, _, err := st.s.TestRequest(context.Background(), st.t.Plan, st.conn, nexset.Record{Pos: 2, Line: 2, Fields: map[string]any{"hours": "lots"}}); err == nil {
		t.Error("a record that cannot build made a request")
	}
}

// testSendSetup is a saved activities destination on a sandbox, connected,
// with the request of record 1 built as every front-end builds it.
type testSendSetup struct {
	ts   *testSandbox
	s    *Session
	conn *Conn
	file string
	t    Test
}

func newTestSendSetup(t *testing.T, cfg sandbox.Config, env map[string]string, edit func(d *flow.Destination)) *testSendSetup {
	t.Helper()
	ts := newTestSandbox(t, cfg)
	file := writeActivities(t, t.TempDir(), 2)
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(d)
	}
	s := ts.session()
	s.Env = func(k string) string { return env[k] }
	conn, err := s.Connect(context.Background(), Login{Env: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.PlanOn(conn.Host)
	if err != nil {
		t.Fatal(err)
	}
	rec := nexset.Record{Pos: 1, Line: 1, Fields: map[string]any{"id": "R1", "date": "2024-03-04", "hours": 0.5, "note": "record R1", "matter_id": int64(3001)}}
	call, _, err := s.TestRequest(context.Background(), p, conn, rec)
	if err != nil {
		t.Fatal(err)
	}
	return &testSendSetup{ts: ts, s: s, conn: conn, file: file, t: Test{Dest: d, Plan: p, Rec: rec, Call: call}}
}

func TestTestSendAgainstSandbox(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(d *flow.Destination)
		body     string // an edited body; "" sends the record's own
		status   int
		accepted bool
		answer   string // in the pretty response
		problems bool   // the call carries the catalogue's refusal before sending
	}{
		{name: "record as built", status: 201, accepted: true, answer: `"id"`},
		{name: "edited body", body: `{"data":{"type":"TimeEntry","date":"2024-05-06","quantity":60,"note":"by hand","matter":{"id":3001}}}`,
			status: 201, accepted: true, answer: `"id"`},
		{name: "catalogue refusal still sent", edit: func(d *flow.Destination) { d.Mapping = d.Mapping[1:] },
			status: 422, answer: "type", problems: true},
		{name: "edited body Clio refuses", body: `{"data":{"type":"Lunch"}}`, status: 422, answer: "type", problems: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestSendSetup(t, sandbox.Config{}, nil, tt.edit)
			test := st.t
			if tt.body != "" {
				test.Call, test.Edited = test.Plan.WithBody(test.Call, []byte(tt.body)), true
			}
			if got := len(test.Call.Problems) > 0; got != tt.problems {
				t.Fatalf("problems before sending = %v, want %v", test.Call.Problems, tt.problems)
			}
			res, err := st.s.TestSend(context.Background(), st.conn, test) // no file: a new destination
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status || res.Accepted() != tt.accepted || (res.SendErr == nil) != tt.accepted {
				t.Fatalf("status %d accepted %v err %v; want %d %v", res.Status, res.Accepted(), res.SendErr, tt.status, tt.accepted)
			}
			if !strings.Contains(res.Response, tt.answer) || !strings.Contains(res.Response, "\n  ") {
				t.Fatalf("response lacks %s or is not indented:\n%s", tt.answer, res.Response)
			}
			// Connect asked who_am_i first: one request of the window spent.
			if !res.RateLimit.Known || res.RateLimit.Limit != 50 || res.RateLimit.Remaining != 48 {
				t.Fatalf("rate limit = %+v, want 48 of 50 left", res.RateLimit)
			}
			if !tt.accepted {
				var ae *clio.APIError
				if !errors.As(res.SendErr, &ae) || ae.Status != tt.status || !errors.As(res.Err, &ae) || !strings.Contains(res.SendErr.Error(), "test send POST") {
					t.Fatalf("err = %v, want a *clio.APIError with %d naming the request", res.SendErr, tt.status)
				}
			}
			want := 0
			if tt.accepted {
				want = 1
			}
			if n := st.ts.sb.Created("activities"); n != want {
				t.Fatalf("sandbox created %d activities, want %d", n, want)
			}
			// Without a file, what the test created waits for the save.
			if (res.Created != 0) != tt.accepted || (res.Pending != nil) != tt.accepted || res.Ledger != nil {
				t.Fatalf("created %d pending %v ledger %v", res.Created, res.Pending, res.Ledger)
			}
			if tt.accepted && res.Pending.Edited != test.Edited {
				t.Fatalf("pending edited = %v, want %v", res.Pending.Edited, test.Edited)
			}
		})
	}
}

func TestTestSendWithoutAnswer(t *testing.T) {
	st := newTestSendSetup(t, sandbox.Config{}, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st.t.File = st.file
	res, err := st.s.TestSend(ctx, st.conn, st.t)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res.SendErr, context.Canceled) || res.Status != 0 || res.Accepted() || res.Response != "" || res.Created != 0 {
		t.Fatalf("cancelled send: status %d err %v created %d", res.Status, res.SendErr, res.Created)
	}
	if res.Ledger == nil || res.Ledger.Recorded {
		t.Fatalf("ledger = %+v, want nothing recorded", res.Ledger)
	}
}

// A saved destination's test is its record's delivery in the ledger, the
// webhook (asked) gets the answer without the header secret, and undo
// deletes the object and forgets it.
func TestTestSendLedgerWebhookUndo(t *testing.T) {
	const secret = "s3cr3t-KEY-value"
	st := newTestSendSetup(t, sandbox.Config{RateLimit: -1}, map[string]string{"FIRM_API_KEY": secret}, func(d *flow.Destination) {
		d.Endpoint = flow.Endpoint{Method: "POST", URL: "/api/v4/activities.json", Headers: "X-Api-Key:${FIRM_API_KEY}"}
		d.ResponseWebhook = flow.WebhookCfg{Enabled: true, File: "responses.jsonl"}
	})
	st.t.File, st.t.Webhook = st.file, true
	seeded := st.ts.sb.Count("activities")
	res, err := st.s.TestSend(context.Background(), st.conn, st.t)
	if err != nil || res.SendErr != nil || res.LedgerErr != nil || res.HookErr != nil {
		t.Fatalf("TestSend: %v %v %v %v", err, res.SendErr, res.LedgerErr, res.HookErr)
	}
	if res.Created == 0 || res.Ledger == nil || !res.Ledger.Recorded || res.Ledger.ClioID != res.Created || res.Pending != nil || !res.Hooked {
		t.Fatalf("created %d ledger %+v pending %v hooked %v", res.Created, res.Ledger, res.Pending, res.Hooked)
	}
	written, err := os.ReadFile(st.t.Dest.ResponseFilePath())
	if err != nil || !strings.Contains(string(written), `"status":201`) || strings.Contains(string(written), secret) {
		t.Fatalf("response file (%v):\n%s", err, written)
	}
	l, err := ledger.OpenReadOnly(ledger.DefaultPath(st.file), ledger.Identity{ID: st.t.Dest.ID, Name: st.t.Dest.Name})
	if err != nil {
		t.Fatal(err)
	}
	e, ok, err := l.Get(res.Ledger.Key)
	l.Close()
	if err != nil || !ok || e.State != ledger.Delivered || e.ClioID != res.Created {
		t.Fatalf("ledger entry %+v %v %v", e, ok, err)
	}

	// While an activation holds the lock, a test sends nothing.
	lock, err := deliver.AcquireLock(deliver.LockPath(ledger.DefaultPath(st.file)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.s.TestSend(context.Background(), st.conn, st.t); err == nil {
		t.Fatal("a test sent while the destination's lock was held")
	}
	if _, err := st.s.UndoTest(context.Background(), st.conn, st.t, 0); err == nil {
		t.Fatal("an undo ran while the destination's lock was held")
	}
	lock.Release()
	if n := st.ts.sb.Count("activities"); n != seeded+1 {
		t.Fatalf("sandbox holds %d activities, want %d", n, seeded+1)
	}

	id, err := st.s.UndoTest(context.Background(), st.conn, st.t, 0)
	if err != nil || id != res.Created {
		t.Fatalf("UndoTest = %d, %v; want %d", id, err, res.Created)
	}
	if n := st.ts.sb.Count("activities"); n != seeded {
		t.Fatalf("sandbox holds %d activities after undo, want %d", n, seeded)
	}
	if l, err = ledger.OpenReadOnly(ledger.DefaultPath(st.file), ledger.Identity{ID: st.t.Dest.ID, Name: st.t.Dest.Name}); err != nil {
		t.Fatal(err)
	}
	_, ok, err = l.Get(res.Ledger.Key)
	l.Close()
	if err != nil || ok {
		t.Fatalf("the ledger still knows the record after undo (%v)", err)
	}
}

// A new destination's tests are recorded once it is saved.
func TestKeepTestsAtSave(t *testing.T) {
	st := newTestSendSetup(t, sandbox.Config{RateLimit: -1}, nil, nil)
	seeded := st.ts.sb.Count("activities")
	res, err := st.s.TestSend(context.Background(), st.conn, st.t)
	if err != nil || res.Pending == nil {
		t.Fatalf("TestSend: %v, pending %v", err, res.Pending)
	}
	sent, err := st.s.KeepTests(st.t.Dest, st.file, st.conn.Host, []deliver.KeptTest{*res.Pending})
	if err != nil || len(sent) != 1 || !sent[0].Recorded || sent[0].ClioID != res.Created {
		t.Fatalf("KeepTests = %+v, %v", sent, err)
	}
	// An object no ledger keeps is only deleted.
	other, err := st.s.TestSend(context.Background(), st.conn, st.t)
	if err != nil || other.Created == 0 {
		t.Fatalf("second TestSend: %v, created %d", err, other.Created)
	}
	if id, err := st.s.UndoTest(context.Background(), st.conn, st.t, other.Created); err != nil || id != other.Created {
		t.Fatalf("UndoTest(object) = %d, %v", id, err)
	}
	if n := st.ts.sb.Count("activities"); n != seeded+1 {
		t.Fatalf("sandbox holds %d activities, want %d (the kept one)", n, seeded+1)
	}
}

// TestTestSendCustomFieldValueID: a test send of an Update Contact that
// sets a custom field the contact already has a value of sends that
// value's id, as activation does: the sandbox takes it (without the id it
// refuses a second value) and the contact keeps one value, changed.
func TestTestSendCustomFieldValueID(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	s := ts.session()
	s.Env = func(string) string { return "" }
	conn, err := s.Connect(context.Background(), Login{Env: true})
	if err != nil {
		t.Fatal(err)
	}
	created, _, err := conn.Client.Create(context.Background(), "/contacts.json", map[string]any{"type": "Person", "name": "Ada Byron",
		"custom_field_values": []any{map[string]any{"custom_field": map[string]any{"id": sandbox.CustomFieldReferralSource}, "value": "7101"}}}, "id")
	if err != nil {
		t.Fatal(err)
	}
	var obj struct{ ID int64 }
	if err := json.Unmarshal(created, &obj); err != nil {
		t.Fatal(err)
	}
	d := flow.New("contacts")
	d.Nexset = flow.NexsetRef{Path: "contacts.jsonl", Key: "contact_id"}
	d.Endpoint = flow.Endpoint{Template: "update_contact", ID: "{record.contact_id}"}
	d.CustomFields = []flow.CustomFieldMapping{{Name: "Referral Source", Source: "referral"}}
	p, err := d.PlanOn(conn.Host)
	if err != nil {
		t.Fatal(err)
	}
	rec := nexset.Record{Pos: 1, Line: 1, Fields: map[string]any{"contact_id": obj.ID, "referral": "Advertisement"}}
	call, _, err := s.TestRequest(context.Background(), p, conn, rec)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.TestSend(context.Background(), conn, Test{Dest: d, Plan: p, Rec: rec, Call: call})
	if err != nil || res.SendErr != nil || res.Status != 200 {
		t.Fatalf("test send: %v %v, status %d\n%s", err, res.SendErr, res.Status, res.Response)
	}
	raw, _, err := conn.Client.Get(context.Background(), fmt.Sprintf("/contacts/%d.json", obj.ID), "custom_field_values{id,field_name}")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(raw), `"Referral Source"`); n != 1 {
		t.Fatalf("the contact holds %d Referral Source values: %s", n, raw)
	}
}
