package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/session"
	"github.com/cliodest/cliodest/internal/prompt"
)

// newTestCmd parses test's flags into testOptions and hands them to
// runTest (or a test's run function).
func newTestCmd(f *Factory, run ...runFunc[testOptions]) *cobra.Command {
	o := &testOptions{}
	runF := pickRun(func(ctx context.Context, o *testOptions) error { return runTest(ctx, f, o) }, run)
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
			if o.record < 1 {
				return usageErrorf("--record %d: records are numbered from 1", o.record)
			}
			if o.undo && (o.payload != "" || o.webhook) {
				return usageErrorf("--undo deletes what a test made: it takes no --payload or --webhook")
			}
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	c.Flags().IntVar(&o.record, "record", 1, "which of the Nexset's records to send (1 = first)")
	c.Flags().StringVar(&o.payload, "payload", "", "send this file's content as the body instead (e.g. an edited sample)")
	c.Flags().BoolVar(&o.yes, "yes", false, "send without asking, even to a real Clio account")
	c.Flags().BoolVar(&o.webhook, "webhook", false, "also hand the answer to the destination's response webhook (URL and/or file)")
	c.Flags().StringVar(&o.ledger, "ledger", "", "ledger file (default: beside the destination file, NAME.ledger.db)")
	c.Flags().BoolVar(&o.undo, "undo", false, "delete the object a test send of the record made in Clio and forget it in the ledger")
	return c
}

// testOptions are test's flags and argument.
type testOptions struct {
	file    string
	record  int
	payload string
	ledger  string // the ledger file; "" is beside the destination
	yes     bool
	webhook bool
	undo    bool
}

// readPayload reads --payload's file (nil when there is none) and refuses
// a body that is not JSON where JSON is sent, naming the file, line and
// column, before any request: Clio would only answer 400.
func readPayload(d *flow.Destination, path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("--payload: %w", err)
	}
	p, err := d.Plan()
	if err != nil {
		return nil, err
	}
	if err := p.BodySyntax(body); err != nil {
		return nil, &ExitError{Code: exitFailed, Err: fmt.Errorf("--payload %s: %w: correct it and test again (nothing was sent)", path, err)}
	}
	return body, nil
}

// runTest sends one record's request through flow/session's test send
// (or undoes one) and prints Clio's answer.
func runTest(ctx context.Context, f *Factory, o *testOptions) error {
	record, file := o.record, o.file
	d, err := loadDestination(f, file)
	if err != nil {
		return err
	}
	recs, readProbs, err := sampleRecords(ctx, d, record)
	if err != nil {
		return err
	}
	printProblems(f.ErrOut, file, d.Nexset.Path, readProbs)
	payload, err := readPayload(d, o.payload)
	if err != nil {
		return err
	}
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
	host, label := conn.Host, conn.Label
	p, err := d.PlanOn(host)
	if err != nil {
		return err
	}
	t := session.Test{Dest: d, File: file, LedgerFile: o.ledger, Plan: p, Rec: recs[record-1], Webhook: o.webhook}
	if o.undo {
		return undoTest(ctx, f, s, conn, t, o.yes)
	}
	// An edited payload still needs the record's URL, so the record must build.
	call, p, err := s.TestRequest(ctx, p, conn, t.Rec)
	if err != nil {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d cannot be sent: %w", record, err)}
	}
	if o.payload == "" && len(call.Problems) > 0 {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d cannot be sent: Clio would refuse it: %s", record, strings.Join(call.Problems, "; "))}
	}
	if o.payload != "" {
		t.Edited = !bytes.Equal(bytes.TrimSpace(payload), bytes.TrimSpace(call.Body))
		call = p.WithBody(call, payload)
		for _, pr := range call.Problems {
			fmt.Fprintf(f.ErrOut, "warning: Clio may refuse the payload: %s\n", pr)
		}
	}
	t.Call = call

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
	res, err := s.TestSend(ctx, conn, t)
	if err != nil {
		return err
	}
	if res.Status == 0 {
		return &ExitError{Code: exitCode(res.SendErr), Err: errors.New(flow.NoAnswer(res.SendErr))}
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
	switch {
	case res.LedgerErr != nil:
		return &ExitError{Code: exitFailed, Err: res.LedgerErr}
	case res.Ledger != nil:
		fmt.Fprintln(f.Out, res.Ledger.TestMeaning())
		if res.Ledger.Recorded {
			undo := fmt.Sprintf("cliodest test --undo --record %d", record)
			if o.ledger != "" {
				undo += " --ledger " + o.ledger
			}
			fmt.Fprintf(f.Out, "Undo it with: %s %s\n", undo, file)
		}
	default:
		fmt.Fprintln(f.Out, "This request creates nothing: activation sends the record again (an update is the same change made twice).")
	}
	if o.webhook {
		if !d.ResponseWebhook.Enabled {
			fmt.Fprintln(f.ErrOut, "warning: --webhook: the destination's response webhook is off; nothing handed over")
		} else if res.Hooked {
			fmt.Fprintln(f.Out, "The answer was handed to the response webhook.")
		}
	}
	if res.SendErr != nil {
		// A refused token stops (3) as it does a run; other refusals fail (1).
		return &ExitError{Code: exitCode(res.SendErr), Err: fmt.Errorf("the test request was refused by Clio: %w", res.SendErr)}
	}
	if res.HookErr != nil {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("--webhook: %w", res.HookErr)}
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

// undoTest deletes the object a test send of the record made and forgets
// it in the ledger (session.UndoTest), once confirmed outside a sandbox.
func undoTest(ctx context.Context, f *Factory, s *session.Session, conn *session.Conn, t session.Test, yes bool) error {
	if !flow.IsSandbox(conn.Host) && !yes {
		if !canPrompt(f) {
			return usageErrorf("this deletes record %d's test object in %s as %s: pass --yes to confirm", t.Rec.Pos, conn.Host, conn.Label)
		}
		fmt.Fprintf(f.ErrOut, "Delete the object a test send of record %d made in your Clio account (%s)? [y/N] ", t.Rec.Pos, conn.Label)
		answer, _ := prompt.New(ctx, f.In, f.ErrOut).Line()
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			return &ExitError{Code: exitFailed, Err: errors.New("nothing deleted")}
		}
	}
	id, err := s.UndoTest(ctx, conn, t, 0)
	if err != nil {
		return &ExitError{Code: exitCode(err), Err: err}
	}
	fmt.Fprintf(f.Out, "Deleted Clio object %d (the test send of record %d) and forgot it in the ledger: activation creates the record again.\n", id, t.Rec.Pos)
	return nil
}
