package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/session"
	"github.com/cliodest/cliodest/internal/prompt"
)

func newTestCmd(f *Factory) *cobra.Command {
	var record int
	var payload, ledgerFile string
	var yes, webhook, undo bool
	c := &cobra.Command{
		Use:   "test FILE",
		Short: "Send one sample request of a destination to Clio and show the answer",
		Long: `Test sends one sample payload - the request built from one of the Nexset's
first records, or a body you edited (--payload) - with the destination's
credential (or CLIODEST_TOKEN), then prints Clio's status, its answer and the
rate-limit state. An edited body is first checked against Clio's published
rules and every problem is shown; it is sent anyway, so you read Clio's own
answer. This creates or changes a real object: outside a sandbox (a loopback
host) it asks first, or needs --yes.

A test that creates an object is recorded in the destination's ledger as
the record's delivery (by test), with Clio's ID and the fingerprint of what
was sent: activation skips the record while it is unchanged, and updates
the object (as on_change says) when the record differs from what was sent,
an edited body included. It says so after Clio's answer. --undo deletes the
object a test of the record made in Clio and forgets it in the ledger, so
activation creates the record again. A test waits for no activation: while
one runs, it is refused.

The response webhook is not called: its receivers see only the answers of
an activation, which the ledger records.
Pass --webhook to also hand this answer to the destination's webhook URL
and/or response file, to rehearse the receiver.`,
		Example: `  cliodest --base-url http://127.0.0.1:8765 test samples/time-entries.yaml
  cliodest test --record 3 --yes time-entries.yaml
  cliodest test --payload edited.json --yes time-entries.yaml
  cliodest test --webhook time-entries.yaml
  cliodest test --undo --record 3 time-entries.yaml`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if record < 1 {
				return usageErrorf("--record %d: records are numbered from 1", record)
			}
			if undo && (payload != "" || webhook) {
				return usageErrorf("--undo deletes what a test made: it takes no --payload or --webhook")
			}
			return runTest(c, f, args[0], testOptions{record: record, payload: payload, ledger: ledgerFile, yes: yes, webhook: webhook, undo: undo})
		},
	}
	c.Flags().IntVar(&record, "record", 1, "which of the Nexset's records to send (1 = first)")
	c.Flags().StringVar(&payload, "payload", "", "send this file's content as the body instead (e.g. an edited sample)")
	c.Flags().BoolVar(&yes, "yes", false, "send without asking, even to a real Clio account")
	c.Flags().BoolVar(&webhook, "webhook", false, "also hand the answer to the destination's response webhook (URL and/or file)")
	c.Flags().StringVar(&ledgerFile, "ledger", "", "ledger file (default: beside the destination file, NAME.ledger.db)")
	c.Flags().BoolVar(&undo, "undo", false, "delete the object a test send of the record made in Clio and forget it in the ledger")
	return c
}

type testOptions struct {
	record  int
	payload string
	ledger  string // the ledger file; "" is beside the destination
	yes     bool
	webhook bool
	undo    bool
}

func runTest(c *cobra.Command, f *Factory, file string, o testOptions) error {
	record := o.record
	ctx := c.Context()
	d, err := loadDestination(f, file)
	if err != nil {
		return err
	}
	recs, readProbs, err := sampleRecords(ctx, d, record)
	if err != nil {
		return err
	}
	printProblems(f.ErrOut, file, d.Nexset.Path, readProbs)
	if len(recs) == 0 && len(readProbs) == 0 {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("the Nexset %s has no records: there is nothing to send", d.NexsetPath())}
	}
	if len(recs) < record {
		return usageErrorf("--record %d: the Nexset %s has only %d record(s) that can be read: give a number from 1 to %d", record, d.Nexset.Path, len(recs), len(recs))
	}

	s, err := newSession(f)
	if err != nil {
		return err
	}
	conn, err := s.ClientFor(ctx, d)
	if err != nil {
		return sessionError(f, file, err)
	}
	host, label, client := conn.Host, conn.Label, conn.Client
	p, err := d.PlanOn(host)
	if err != nil {
		return err
	}
	// The ledger is held from before the request until its record, so no
	// activation runs in between (a creating test is the record's delivery).
	var l *ledger.Ledger
	if p.Method() == http.MethodPost || o.undo {
		var lock *deliver.Lock
		if l, lock, err = s.TestLedger(d, file, o.ledger, p, host); err != nil {
			return err
		}
		defer l.Close()
		defer lock.Release()
	}
	if o.undo {
		return undoTest(c, f, testUndo{p: p, l: l, client: client, rec: recs[record-1], host: host, label: label, yes: o.yes})
	}
	plain := p // without lookups: the fingerprint is of the body before them, as activation makes it
	// An edited payload still needs the record's URL, so the record must build.
	call, p, err := session.TestRequest(ctx, p, conn, recs[record-1])
	if err != nil {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d cannot be sent: %w", record, err)}
	}
	if o.payload == "" && len(call.Problems) > 0 {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d cannot be sent: Clio would refuse it: %s", record, strings.Join(call.Problems, "; "))}
	}
	edited := false
	if o.payload != "" {
		body, err := os.ReadFile(o.payload)
		if err != nil {
			return usageErrorf("--payload: %w", err)
		}
		edited = !bytes.Equal(bytes.TrimSpace(body), bytes.TrimSpace(call.Body))
		call = p.WithBody(call, body)
		for _, pr := range call.Problems {
			fmt.Fprintf(f.ErrOut, "warning: Clio may refuse the payload: %s\n", pr)
		}
	}

	if !flow.IsSandbox(host) && !o.yes {
		if !canPrompt(f) {
			return usageErrorf("this sends a real %s %s to %s as %s: pass --yes to confirm", call.Method, call.URL, host, label)
		}
		fmt.Fprintf(f.ErrOut, "Send %s %s to your Clio account (%s)? This creates or changes a real object. [y/N] ", call.Method, call.URL, label)
		answer, _ := prompt.New(ctx, f.In, f.ErrOut).Line()
		if a := strings.ToLower(answer); a != "y" && a != "yes" {
			return &ExitError{Code: exitFailed, Err: errors.New("not sent")}
		}
	}

	fmt.Fprintf(f.ErrOut, "Sending %s %s as %s …\n", call.Method, call.URL, label)
	res, sendErr := flow.TestSend(ctx, client, call)
	if res.Status == 0 {
		return &ExitError{Code: exitCode(sendErr), Err: errors.New(flow.NoAnswer(sendErr))}
	}
	fmt.Fprintf(f.Out, "Status: %d %s\n", res.Status, statusWord(res.Status))
	if res.APIVersion != "" {
		fmt.Fprintf(f.Out, "API version: %s\n", res.APIVersion)
	}
	if res.Response != "" {
		fmt.Fprintf(f.Out, "%s\n", res.Response)
	}
	if rl := res.RateLimit; rl.Known {
		fmt.Fprintf(f.Out, "Rate limit: %d of %d requests left, window resets %s\n", rl.Remaining, rl.Limit, rl.Reset.Format("15:04:05"))
	}
	if l != nil {
		sent, err := deliver.RecordTestSend(l, plain, recs[record-1], res, edited)
		if err != nil {
			return &ExitError{Code: exitFailed, Err: err}
		}
		fmt.Fprintln(f.Out, sent.TestMeaning())
		if sent.Recorded {
			undo := fmt.Sprintf("cliodest test --undo --record %d", record)
			if o.ledger != "" {
				undo += " --ledger " + o.ledger
			}
			fmt.Fprintf(f.Out, "Undo it with: %s %s\n", undo, file)
		}
	} else {
		fmt.Fprintln(f.Out, "This request creates nothing: activation sends the record again (an update is the same change made twice).")
	}
	var hookErr error
	if o.webhook {
		if !d.ResponseWebhook.Enabled {
			fmt.Fprintln(f.ErrOut, "warning: --webhook: the destination's response webhook is off; nothing handed over")
		} else if hookErr = d.DeliverTestResponse(ctx, res, flow.WebhookOptions{}, f.Now()); hookErr == nil {
			fmt.Fprintln(f.Out, "The answer was handed to the response webhook.")
		}
	}
	if sendErr != nil {
		// A refused token stops (3) as it does a run; other refusals fail (1).
		return &ExitError{Code: exitCode(sendErr), Err: fmt.Errorf("the test request was refused by Clio: %w", sendErr)}
	}
	if hookErr != nil {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("--webhook: %w", hookErr)}
	}
	return nil
}

func statusWord(code int) string {
	switch {
	case code >= 200 && code < 300:
		return "(accepted)"
	case code == 429:
		return "(rate limited)"
	default:
		return "(refused)"
	}
}

// testUndo is what test --undo needs.
type testUndo struct {
	p      *flow.Planner
	l      *ledger.Ledger
	client *clio.Client
	rec    nexset.Record
	host   clio.Host
	label  string
	yes    bool
}

// undoTest deletes the object a test send of the record made and forgets
// it in the ledger; the caller holds the destination's lock.
func undoTest(c *cobra.Command, f *Factory, u testUndo) error {
	if !flow.IsSandbox(u.host) && !u.yes {
		if !canPrompt(f) {
			return usageErrorf("this deletes record %d's test object in %s as %s: pass --yes to confirm", u.rec.Pos, u.host, u.label)
		}
		fmt.Fprintf(f.ErrOut, "Delete the object a test send of record %d made in your Clio account (%s)? [y/N] ", u.rec.Pos, u.label)
		answer, _ := prompt.New(c.Context(), f.In, f.ErrOut).Line()
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			return &ExitError{Code: exitFailed, Err: errors.New("nothing deleted")}
		}
	}
	id, err := deliver.UndoTestSend(c.Context(), u.l, u.p, u.client, u.rec)
	if err != nil {
		return &ExitError{Code: exitCode(err), Err: err}
	}
	fmt.Fprintf(f.Out, "Deleted Clio object %d (the test send of record %d) and forgot it in the ledger: activation creates the record again.\n", id, u.rec.Pos)
	return nil
}
