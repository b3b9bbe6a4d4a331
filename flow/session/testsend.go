package session

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// TestRequest builds the request a test send of rec makes with p (planned
// on conn's host), as every front-end sends it: its header variables read
// from the session's environment, the record's lookups read through conn
// first, and Clio asked to answer with the object's main attributes, not
// only its id. It also returns p with those lookups, which an edited body
// is checked against (WithBody); p itself stays without them, as
// activation fingerprints what it builds.
func (s *Session) TestRequest(ctx context.Context, p *flow.Planner, conn *Conn, rec nexset.Record) (flow.Call, *flow.Planner, error) {
	p = s.sending(p)
	if conn != nil {
		p = p.WithClientLookups(ctx, conn.Client)
	}
	c, err := p.TestCall(rec)
	if err != nil {
		return flow.Call{}, p, err
	}
	return p.WithTestFields(c), p, nil
}

// Test is one test send: the request TestRequest built (its body maybe
// edited by hand) and where its effects go.
type Test struct {
	Dest *flow.Destination
	// File is the destination file whose ledger keeps an object the test
	// creates as its record's delivery; "" while the destination has none
	// (a new one, not saved): the object is then Pending, for KeepTests.
	File string
	// LedgerFile is the ledger's path when it is not beside File (--ledger).
	LedgerFile string
	// Plan is the destination's planner without lookups: a kept test's
	// fingerprint is made as activation makes it.
	Plan   *flow.Planner
	Rec    nexset.Record
	Call   flow.Call
	Edited bool // the body sent is not the record's own
	// Webhook also hands Clio's answer to the destination's response
	// webhook, to rehearse its receiver. Off, the receivers see only the
	// answers of activations, which the ledger records.
	Webhook bool
}

// Tested is what a test send did.
type Tested struct {
	flow.TestResult
	// SendErr is nil only when Clio accepted the request: Clio's refusal
	// (a *clio.APIError) or the transport's error, naming the request.
	SendErr error
	Created int64 // the object the test created in Clio; 0 when none
	// Ledger is what the ledger of Test.File keeps of a test of a creating
	// destination; nil when no ledger was written (not a create, or no file).
	Ledger    *deliver.TestSent
	LedgerErr error // the ledger could not record the object created
	// Pending is a created object the ledger records once the destination
	// is saved (KeepTests); nil unless Test.File is "".
	Pending *deliver.KeptTest
	Hooked  bool  // the answer was handed to the response webhook
	HookErr error // the webhook could not take it
}

// TestSend sends t's request with conn's client, exactly as activation
// would, and applies its effects: an object it creates is its record's
// delivery in the ledger of t.File (a test waits for no activation: the
// destination's lock is held from before the request until its record,
// and refused while a run holds it), and with t.Webhook the answer goes to
// the response webhook. The error is nil when the request was sent; it is
// why nothing was (the ledger cannot be opened, an activation runs). How
// the request fared is in the result.
func (s *Session) TestSend(ctx context.Context, conn *Conn, t Test) (Tested, error) {
	var l *ledger.Ledger
	if t.File != "" && t.Plan.Method() == http.MethodPost {
		var lock *deliver.Lock
		var err error
		if l, lock, err = s.TestLedger(t.Dest, t.File, t.LedgerFile, t.Plan, conn.Host); err != nil {
			return Tested{}, err
		}
		defer l.Close()
		defer lock.Release()
	}
	var out Tested
	if call, err := deliver.WithValueIDs(ctx, conn.Client, t.Call); err != nil {
		// Not sent: without the ids, the update would ask for second values.
		out.TestResult, out.SendErr = flow.TestResult{Call: t.Call, Err: err}, err
		var ae *clio.APIError
		if errors.As(err, &ae) {
			out.Status = ae.Status
		}
	} else {
		out.TestResult, out.SendErr = send(ctx, conn.Client, call)
	}
	out.Created = deliver.CreatedID(t.Plan, out.TestResult)
	switch {
	case l != nil:
		sent, err := deliver.RecordTestSend(l, t.Plan, t.Rec, out.TestResult, t.Edited)
		out.Ledger, out.LedgerErr = &sent, err
	case out.Created != 0 && t.File == "":
		out.Pending = &deliver.KeptTest{Rec: t.Rec, Result: out.TestResult, Edited: t.Edited}
	}
	if t.Webhook && out.Status != 0 {
		out.Hooked, out.HookErr = s.testToWebhook(ctx, t.Dest, out.TestResult)
	}
	return out, nil
}

// send sends one call with c and reports Clio's answer, filled as far as
// an answer came, so a refusal still carries its status and Clio's
// explanation. The error is nil only when Clio accepted the request.
func send(ctx context.Context, c *clio.Client, call flow.Call) (flow.TestResult, error) {
	res := flow.TestResult{Call: call}
	start := time.Now()
	resp, err := c.Do(ctx, call.Request())
	res.Duration = time.Since(start)
	if resp != nil {
		res.Status, res.Body, res.RateLimit, res.APIVersion = resp.Status, resp.Body, resp.RateLimit, resp.APIVersion
	}
	if err != nil {
		var ae *clio.APIError
		if errors.As(err, &ae) {
			if res.Status == 0 {
				res.Status = ae.Status
			}
			if !res.RateLimit.Known {
				res.RateLimit = c.LastRateLimit()
			}
		}
		res.Err = err
	}
	res.Response = flow.PrettyBody(res.Body)
	if err != nil {
		url, _, _ := strings.Cut(call.URL, "?")
		return res, fmt.Errorf("test send %s %s: %w", call.Method, url, err)
	}
	return res, nil
}

// testToWebhook hands a test send's outcome to d's response webhook (URL
// and/or file), as activation does for each call; with the webhook off it
// does nothing and reports false.
func (s *Session) testToWebhook(ctx context.Context, d *flow.Destination, r flow.TestResult) (bool, error) {
	sink, err := d.OpenWebhookSink(flow.WebhookOptions{HTTPClient: s.HTTPClient})
	if err != nil || sink == nil {
		return false, err
	}
	doc := d.ResponseDoc(r.Call, r.Status, r.Body, r.Err, s.now())
	if err := errors.Join(sink.Deliver(ctx, doc), sink.Close()); err != nil {
		return false, err
	}
	return true, nil
}
