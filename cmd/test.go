package cmd

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/internal/prompt"
)

func newTestCmd(f *Factory) *cobra.Command {
	var record int
	var payload string
	var yes, webhook bool
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

The ledger is not touched, and the response webhook is not called: its
receivers see only the answers of an activation, which the ledger records.
Pass --webhook to also hand this answer to the destination's webhook URL
and/or response file, to rehearse the receiver.`,
		Example: `  cliodest --base-url http://127.0.0.1:8765 test samples/time-entries.yaml
  cliodest test --record 3 --yes time-entries.yaml
  cliodest test --payload edited.json --yes time-entries.yaml
  cliodest test --webhook time-entries.yaml`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if record < 1 {
				return usageErrorf("--record %d: records are numbered from 1", record)
			}
			return runTest(c, f, args[0], testOptions{record: record, payload: payload, yes: yes, webhook: webhook})
		},
	}
	c.Flags().IntVar(&record, "record", 1, "which of the Nexset's records to send (1 = first)")
	c.Flags().StringVar(&payload, "payload", "", "send this file's content as the body instead (e.g. an edited sample)")
	c.Flags().BoolVar(&yes, "yes", false, "send without asking, even to a real Clio account")
	c.Flags().BoolVar(&webhook, "webhook", false, "also hand the answer to the destination's response webhook (URL and/or file)")
	return c
}

type testOptions struct {
	record  int
	payload string
	yes     bool
	webhook bool
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
	p = p.WithClientLookups(ctx, client)
	// An edited payload still needs the record's URL, so the record must build.
	call, err := p.TestCall(recs[record-1])
	if err != nil {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d cannot be sent: %w", record, err)}
	}
	// Clio answers with the object's main attributes, not only id and etag.
	call = p.WithTestFields(call)
	if o.payload == "" && len(call.Problems) > 0 {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d cannot be sent: Clio would refuse it: %s", record, strings.Join(call.Problems, "; "))}
	}
	if o.payload != "" {
		body, err := os.ReadFile(o.payload)
		if err != nil {
			return usageErrorf("--payload: %w", err)
		}
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
