package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow/ledger"
)

// statusReport is what status --json prints.
type statusReport struct {
	Destination string               `json:"destination"`
	Status      string               `json:"status"`
	Ledger      string               `json:"ledger"`
	Counts      map[ledger.State]int `json:"counts"`
	LastRun     *ledger.Run          `json:"last_run,omitempty"`
	Failed      []ledger.Entry       `json:"failed,omitempty"`
	InDoubt     []ledger.Entry       `json:"in_doubt,omitempty"`
}

func newStatusCmd(f *Factory) *cobra.Command {
	var asJSON, failed, inDoubt bool
	var ledgerPath string
	c := &cobra.Command{
		Use:   "status FILE",
		Short: "Show what a destination has delivered, failed and left in doubt",
		Long: `Status reads the destination's ledger: how many records are in each state,
the last run (activate, retry or dry run) with its summary, and with --failed
or --in-doubt the records concerned: position, key, Clio's status and message.`,
		Example: `  cliodest status samples/expenses.yaml
  cliodest status --failed samples/expenses.yaml
  cliodest status --in-doubt --json samples/expenses.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			file := args[0]
			d, err := loadDestination(f, file)
			if err != nil {
				return err
			}
			lp := ledgerPathFor(file, ledgerPath)
			rep := statusReport{Destination: d.Name, Status: string(d.Status), Ledger: lp}
			if !fileExists(lp) {
				if asJSON {
					return json.NewEncoder(f.Out).Encode(rep)
				}
				fmt.Fprintf(f.Out, "%s (%s): never activated; no ledger at %s\n", d.Name, d.Status, lp)
				return nil
			}
			l, err := ledger.Open(lp, ledger.Identity{ID: d.ID, Name: d.Name})
			if err != nil {
				return fmt.Errorf("destination %s: %w", file, err)
			}
			defer l.Close()
			if rep.Counts, err = l.Counts(); err != nil {
				return err
			}
			if rep.LastRun, err = l.LastRun(); err != nil {
				return err
			}
			if failed {
				if rep.Failed, err = l.List(ledger.Failed, 0); err != nil {
					return err
				}
			}
			if inDoubt {
				if rep.InDoubt, err = l.List(ledger.InDoubt, 0); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(f.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			writeStatus(f.Out, rep, failed, inDoubt)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	c.Flags().BoolVar(&failed, "failed", false, "list the failed records with Clio's message")
	c.Flags().BoolVar(&inDoubt, "in-doubt", false, "list the records in doubt (sent, answer lost)")
	c.Flags().StringVar(&ledgerPath, "ledger", "", "ledger file (default: beside the destination file, NAME.ledger.db)")
	return c
}

func writeStatus(w io.Writer, rep statusReport, failed, inDoubt bool) {
	fmt.Fprintf(w, "%s (%s)\n", rep.Destination, rep.Status)
	for _, s := range ledger.AllStates() {
		fmt.Fprintf(w, "  %-10s %d\n", s, rep.Counts[s])
	}
	if r := rep.LastRun; r != nil {
		state := "finished"
		switch {
		case !r.Finished && r.Interrupted:
			state = "did not finish (the process stopped)"
		case !r.Finished:
			state = "running"
		case r.Interrupted:
			state = "interrupted"
		}
		fmt.Fprintf(w, "Last run: %s, started %s, %s: delivered %d, failed %d, skipped %d, in doubt %d, %d request(s), %s waiting for the rate limit\n",
			r.Mode, r.StartedAt.Local().Format(time.DateTime), state, r.Delivered, r.Failed, r.Skipped, r.InDoubt, r.Requests, r.RateLimitWait.Round(time.Millisecond))
		if r.Err != "" {
			fmt.Fprintf(w, "  stopped: %s\n", r.Err)
		}
	}
	list := func(title string, es []ledger.Entry) {
		fmt.Fprintf(w, "%s (%d):\n", title, len(es))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  POS\tKEY\tSTATUS\tMETHOD\tMESSAGE")
		for _, e := range es {
			st := "-"
			if e.HTTPStatus != 0 {
				st = fmt.Sprint(e.HTTPStatus)
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\n", e.Pos, e.Key, st, e.Method, e.ErrMessage)
		}
		tw.Flush()
	}
	if failed {
		list("Failed", rep.Failed)
	}
	if inDoubt {
		list("In doubt", rep.InDoubt)
	}
}
