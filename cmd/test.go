package cmd

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
)

func newTestCmd(f *Factory) *cobra.Command {
	var record int
	var payload string
	var yes bool
	c := &cobra.Command{
		Use:   "test FILE",
		Short: "Send one sample request of a destination to Clio and show the answer",
		Long: `Test sends one sample payload - the request built from one of the Nexset's
first records, or a body you edited (--payload) - with the destination's
credential (or CLIODEST_TOKEN), then prints Clio's status, its answer and the
rate-limit state. This creates or changes a real object: outside a sandbox
(a loopback host) it asks first, or needs --yes. The ledger is not touched.`,
		Example: `  cliodest --base-url http://127.0.0.1:8765 test samples/time-entries.yaml
  cliodest test --record 3 --yes time-entries.yaml
  cliodest test --payload edited.json --yes time-entries.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if record < 1 {
				return usageErrorf("--record %d: records are numbered from 1", record)
			}
			return runTest(c, f, args[0], record, payload, yes)
		},
	}
	c.Flags().IntVar(&record, "record", 1, "which of the Nexset's records to send (1 = first)")
	c.Flags().StringVar(&payload, "payload", "", "send this file's content as the body instead (e.g. an edited sample)")
	c.Flags().BoolVar(&yes, "yes", false, "send without asking, even to a real Clio account")
	return c
}

func runTest(c *cobra.Command, f *Factory, file string, record int, payload string, yes bool) error {
	ctx := c.Context()
	d, err := loadDestination(f, file)
	if err != nil {
		return err
	}
	recs, readProbs, err := sampleRecords(ctx, d, record)
	if err != nil {
		return err
	}
	printProblems(f.ErrOut, file, readProbs)
	if len(recs) < record {
		return usageErrorf("--record %d: the Nexset has only %d good record(s) there", record, len(recs))
	}

	base, hasBase, err := destinationHost(f, d)
	if err != nil {
		return usageError(err)
	}
	store, err := newCredStore(f)
	if err != nil {
		return err
	}
	ts, host, label, err := cred.Resolve(ctx, store, d.Credential, f.Token(), base, hasBase)
	if err != nil {
		return credError(err)
	}
	p, err := d.PlanOn(host)
	if err != nil {
		return err
	}
	calls, fails := p.Build(recs[record-1 : record])
	if len(fails) > 0 && payload == "" {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d cannot be sent: %s", record, fails[0].Error())}
	}
	if len(calls) == 0 { // an edited payload still needs the record's URL
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("record %d builds no request: %s", record, fails[0].Error())}
	}
	call := calls[0]
	if payload != "" {
		body, err := os.ReadFile(payload)
		if err != nil {
			return usageErrorf("--payload: %w", err)
		}
		call.Body = body
		if op := p.Operation(); op != nil && json.Valid(body) {
			for _, pr := range op.Validate(body) {
				if !pr.Warning {
					fmt.Fprintf(f.ErrOut, "warning: Clio may refuse the payload: %s\n", pr.Message)
				}
			}
		}
	}

	if !isLoopback(host) && !yes {
		if !canPrompt(f) {
			return usageErrorf("this sends a real %s %s to %s as %s: pass --yes to confirm", call.Method, call.URL, host, label)
		}
		fmt.Fprintf(f.ErrOut, "Send %s %s to your Clio account (%s)? This creates or changes a real object. [y/N] ", call.Method, call.URL, label)
		answer, _ := bufio.NewReader(f.In).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			return &ExitError{Code: exitFailed, Err: errors.New("not sent")}
		}
	}

	client := clio.NewClient(clio.Options{Host: host, TokenSource: ts, APIVersion: d.EffectiveAPIVersion(), UserAgent: "cliodest/" + versionString()})
	fmt.Fprintf(f.ErrOut, "Sending %s %s as %s …\n", call.Method, call.URL, label)
	resp, sendErr := client.Do(ctx, call.Request())
	if resp == nil {
		return fmt.Errorf("test request: %w", sendErr)
	}
	fmt.Fprintf(f.Out, "Status: %d %s\n", resp.Status, statusWord(resp.Status))
	if resp.APIVersion != "" {
		fmt.Fprintf(f.Out, "API version: %s\n", resp.APIVersion)
	}
	if body := flow.PrettyBody(resp.Body); body != "" {
		fmt.Fprintf(f.Out, "%s\n", body)
	}
	if rl := resp.RateLimit; rl.Known {
		fmt.Fprintf(f.Out, "Rate limit: %d of %d requests left, window resets %s\n", rl.Remaining, rl.Limit, rl.Reset.Format("15:04:05"))
	}
	if sendErr != nil {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("Clio refused the test request: %w", sendErr)}
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

// isLoopback reports whether h is a local server (the sandbox): no real
// Clio account is touched there.
func isLoopback(h clio.Host) bool {
	if h.Root == nil {
		return false
	}
	name := h.Root.Hostname()
	if name == "localhost" {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}
