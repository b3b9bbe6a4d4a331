package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
)

// statusReport is what status --json prints: snake_case names and
// durations in seconds, like activate's --json events.
type statusReport struct {
	Destination string               `json:"destination"`
	Status      string               `json:"status"`
	Ledger      string               `json:"ledger"`
	Nexset      string               `json:"nexset"`      // the file the lines of failed and in_doubt refer to, as the destination names it
	OnChange    string               `json:"on_change"`   // what a re-activation does with a changed record (flow/sync)
	OnConflict  string               `json:"on_conflict"` // what an update does when the object changed in Clio (conflicts.go)
	Counts      map[ledger.State]int `json:"counts"`
	Conflicts   int                  `json:"conflicts"` // failed records that are edit conflicts (also in counts.failed)
	// NexsetRecords is the Nexset's record count now (null for standard
	// input or a file that cannot be read); NotDelivered is that minus the
	// records the ledger holds as delivered: what is still to reach Clio,
	// including records no run has read yet (a lower bound if delivered
	// records were removed from the Nexset since).
	NexsetRecords *int        `json:"nexset_records"`
	NotDelivered  *int        `json:"not_delivered"`
	LastRun       *runJSON    `json:"last_run,omitempty"`
	Failed        []entryJSON `json:"failed,omitempty"`
	InDoubt       []entryJSON `json:"in_doubt,omitempty"`
	// Removed (with --removed): records delivered before and absent from
	// the Nexset now; their objects stay in Clio.
	Removed []entryJSON `json:"removed,omitempty"`
	// DuplicateKeys (with --failed): keys the Nexset used for more than one
	// record when last read, each with the lines that share it.
	DuplicateKeys []duplicateJSON `json:"duplicate_keys,omitempty"`
	// EditConflicts (with --conflicts): records whose update met a change
	// made in Clio since cliodest last wrote the object (conflicts.go).
	EditConflicts []conflictJSON `json:"edit_conflicts,omitempty"`
}

// duplicateJSON is one key the Nexset uses twice.
type duplicateJSON struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

// runJSON is a ledger run as status reports it.
type runJSON struct {
	ID                   int64      `json:"id"`
	Mode                 string     `json:"mode"`
	StartedAt            time.Time  `json:"started_at"`
	FinishedAt           *time.Time `json:"finished_at"` // null while running or when the process died
	Finished             bool       `json:"finished"`
	Running              bool       `json:"running"`        // its process is alive: still delivering
	PID                  int        `json:"pid,omitempty"`  // the running process
	Host                 string     `json:"host,omitempty"` // where it runs
	Records              int        `json:"records"`
	Delivered            int        `json:"delivered"`
	Failed               int        `json:"failed"`
	InDoubt              int        `json:"in_doubt"`
	NotSent              int        `json:"not_sent"`
	Skipped              int        `json:"skipped"`
	Deleted              int        `json:"deleted"` // objects of removed records deleted in Clio (on_remove: delete)
	Requests             int        `json:"requests"`
	RateLimitWaitSeconds float64    `json:"rate_limit_wait_seconds"`
	Interrupted          bool       `json:"interrupted"`
	Error                string     `json:"error,omitempty"`
	Created              int        `json:"created"`
	UpdatedExisting      int        `json:"updated_existing"`
	SkippedExisting      int        `json:"skipped_existing"`
	Ambiguous            int        `json:"ambiguous"`
}

func newRunJSON(r *ledger.Run) *runJSON {
	if r == nil {
		return nil
	}
	out := &runJSON{ID: r.ID, Mode: r.Mode, StartedAt: r.StartedAt, Finished: r.Finished, Records: r.Records,
		Delivered: r.Delivered, Failed: r.Failed, InDoubt: r.InDoubt, NotSent: r.Pending, Skipped: r.Skipped, Deleted: r.Deleted,
		Requests: r.Requests, RateLimitWaitSeconds: r.RateLimitWait.Seconds(), Interrupted: r.Interrupted, Error: r.Err,
		Created: r.Created, UpdatedExisting: r.UpdatedExisting, SkippedExisting: r.SkippedExisting, Ambiguous: r.Ambiguous}
	if !r.FinishedAt.IsZero() {
		out.FinishedAt = &r.FinishedAt
	}
	return out
}

// entryJSON is a ledger entry as status reports it.
type entryJSON struct {
	Pos        int          `json:"pos"`
	Line       int          `json:"line,omitempty"` // absent when unknown: recorded before ledgers kept lines
	Key        string       `json:"key"`
	State      ledger.State `json:"state"`
	Attempts   int          `json:"attempts"`
	Method     string       `json:"method,omitempty"`
	URL        string       `json:"url,omitempty"`
	HTTPStatus int          `json:"http_status,omitempty"`
	ClioID     int64        `json:"clio_id,omitempty"`
	ErrType    string       `json:"error_type,omitempty"`
	ErrMessage string       `json:"error_message,omitempty"`
	Run        int64        `json:"run"`
	UpdatedAt  time.Time    `json:"updated_at"`
}

// entriesJSON are ledger entries as status reports them.
func entriesJSON(es []ledger.Entry) []entryJSON {
	out := make([]entryJSON, len(es))
	for i, e := range es {
		out[i] = entryJSON{Pos: e.Pos, Line: e.Line, Key: e.Key, State: e.State, Attempts: e.Attempts, Method: e.Method, URL: e.URL,
			HTTPStatus: e.HTTPStatus, ClioID: e.ClioID, ErrType: e.ErrType, ErrMessage: e.ErrMessage, Run: e.Run, UpdatedAt: e.UpdatedAt}
	}
	return out
}

// statusOptions are status's flags and argument.
type statusOptions struct {
	file                                        string
	asJSON, failed, inDoubt, removed, conflicts bool
	ledgerPath                                  string
}

// newStatusCmd parses status's flags into statusOptions and hands them to
// runStatus (or a test's run function).
func newStatusCmd(f *Factory, run ...runFunc[statusOptions]) *cobra.Command {
	o := &statusOptions{}
	runF := pickRun(func(ctx context.Context, o *statusOptions) error { return runStatus(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "status FILE",
		Short: "Show what a destination has delivered, failed and left in doubt",
		Long: `Status reads the destination's ledger: how many records are in each state,
the last run (activate, retry or dry run) with its summary, and with --failed
or --in-doubt the records concerned: position, line in the Nexset, key, Clio's
status and message. --conflicts lists the edit conflicts: records whose
update found their object changed in Clio since cliodest last wrote it (Clio
answered 412 to the If-Match sent), which were not overwritten, with the
attributes that differ. --removed lists the records delivered before that the
Nexset no longer holds, with the Clio object each made (left in Clio).`,
		Example: `  cliodest status samples/expenses.yaml
  cliodest status --failed samples/expenses.yaml
  cliodest status --removed samples/expenses.yaml
  cliodest status --conflicts samples/expenses.yaml
  cliodest status --in-doubt --json samples/expenses.yaml`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	c.Flags().BoolVar(&o.failed, "failed", false, "list the failed records with Clio's message")
	c.Flags().BoolVar(&o.inDoubt, "in-doubt", false, "list the records in doubt (sent, answer lost)")
	c.Flags().BoolVar(&o.conflicts, "conflicts", false, "list the edit conflicts: records whose update met a change made in Clio since cliodest wrote the object (kept as Clio has it)")
	c.Flags().BoolVar(&o.removed, "removed", false, "list the records delivered before and absent from the Nexset now (their objects stay in Clio)")
	c.Flags().StringVar(&o.ledgerPath, "ledger", "", "ledger file (default: beside the destination file, NAME.ledger.db)")
	return c
}

// runStatus reports where the destination stands from its ledger.
func runStatus(ctx context.Context, f *Factory, o *statusOptions) error {
	file := o.file
	d, err := loadDestination(f, file)
	if err != nil {
		return err
	}
	so := session.StatusOptions{Ledger: o.ledgerPath, Count: true, Duplicates: o.failed, EditConflicts: o.conflicts, Removed: o.removed}
	if o.failed {
		so.List = append(so.List, ledger.Failed)
	}
	if o.inDoubt {
		so.List = append(so.List, ledger.InDoubt)
	}
	st, err := session.StatusOf(ctx, d, file, so)
	if err != nil {
		return err
	}
	rep := statusReport{Destination: d.Name, Status: string(d.Status), Ledger: st.Ledger, Nexset: d.Nexset.Path, OnChange: changeRule(d),
		OnConflict: conflictRule(d.OnConflict), Counts: st.Counts, Conflicts: st.Conflicts}
	if st.CountErr != nil {
		fmt.Fprintf(f.ErrOut, "warning: the Nexset could not be counted: %v\n", st.CountErr)
	} else if st.NexsetRecords >= 0 {
		rep.NexsetRecords, rep.NotDelivered = &st.NexsetRecords, &st.NotDelivered
	}
	if !st.Activated {
		if o.asJSON {
			return json.NewEncoder(f.rawOut()).Encode(rep)
		}
		fmt.Fprintf(f.Out, "%s (%s): never activated; no ledger at %s\n", d.Name, d.Status, st.Ledger)
		if rep.NexsetRecords != nil {
			fmt.Fprintf(f.Out, "Not delivered: %d of the Nexset's %d record(s)\n", *rep.NotDelivered, *rep.NexsetRecords)
		}
		return nil
	}
	rep.LastRun = newRunJSON(st.LastRun)
	if r := rep.LastRun; r != nil && !r.Finished && st.Running {
		r.Running, r.Interrupted, r.PID, r.Host = true, false, st.Holder.PID, st.Holder.Host
	}
	if o.failed {
		rep.Failed = entriesJSON(st.Of(ledger.Failed))
		for _, c := range st.Duplicates {
			rep.DuplicateKeys = append(rep.DuplicateKeys, duplicateJSON{Key: c.Key, Message: c.Message})
		}
	}
	if o.inDoubt {
		rep.InDoubt = entriesJSON(st.Of(ledger.InDoubt))
	}
	if o.conflicts {
		rep.EditConflicts = conflictsJSON(st.EditConflicts)
	}
	if o.removed {
		rep.Removed = entriesJSON(st.Removed)
	}
	if o.asJSON {
		enc := json.NewEncoder(f.rawOut())
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	writeStatus(f.Out, rep, o.failed, o.inDoubt)
	writeConflictCount(f.Out, rep)
	if o.conflicts {
		writeConflictList(f.Out, file, rep.EditConflicts)
	}
	if o.removed {
		writeRemoved(f.Out, rep.Removed)
	}
	return nil
}

func writeStatus(w io.Writer, rep statusReport, failed, inDoubt bool) {
	fmt.Fprintf(w, "%s (%s)\n", rep.Destination, rep.Status)
	for _, s := range ledger.AllStates() {
		fmt.Fprintf(w, "  %-10s %d\n", strings.ReplaceAll(string(s), "_", " "), rep.Counts[s])
	}
	if n := rep.Counts[ledger.InFlight]; n > 0 && (rep.LastRun == nil || !rep.LastRun.Running) {
		fmt.Fprintf(w, "  %d in flight: sent by a run that stopped before their answers were recorded; the next activate or retry marks them in doubt, and retry --in-doubt looks them up in Clio\n", n)
	}
	if rep.NexsetRecords != nil {
		fmt.Fprintf(w, "Not delivered: %d of the Nexset's %d record(s)\n", *rep.NotDelivered, *rep.NexsetRecords)
	}
	if rep.OnChange != "" {
		fmt.Fprintf(w, "A delivered record that changes: %s\n", map[string]string{
			"update": "its object in Clio is updated", "skip": "reported, Clio left alone", "create": "a new object is created",
		}[rep.OnChange])
	}
	if rep.LastRun != nil {
		writeLastRun(w, rep.LastRun)
	}
	list := func(title string, es []entryJSON) {
		if len(es) == 0 {
			fmt.Fprintf(w, "%s: none\n", title)
			return
		}
		if rep.Nexset != "" {
			fmt.Fprintf(w, "%s (%d), lines of %s:\n", title, len(es), rep.Nexset)
		} else {
			fmt.Fprintf(w, "%s (%d):\n", title, len(es))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  POS\tLINE\tKEY\tSTATUS\tMETHOD\tMESSAGE")
		for _, e := range es {
			st := "-"
			if e.HTTPStatus != 0 {
				st = fmt.Sprint(e.HTTPStatus)
			}
			line := "-" // recorded before ledgers kept lines
			if e.Line > 0 {
				line = fmt.Sprint(e.Line)
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", e.Pos, line, e.Key, st, e.Method, e.ErrMessage)
		}
		tw.Flush()
	}
	if failed {
		list("Failed", rep.Failed)
		if len(rep.DuplicateKeys) > 0 {
			fmt.Fprintf(w, "Duplicate keys (%d):\n", len(rep.DuplicateKeys))
			for _, d := range rep.DuplicateKeys {
				fmt.Fprintf(w, "  %s\n", d.Message)
			}
		}
	}
	if inDoubt {
		list("In doubt", rep.InDoubt)
	}
}

// changeRule is the on_change a run of d would use; the field as written
// when d cannot be planned (validate says why).
func changeRule(d *flow.Destination) string {
	if p, err := d.Plan(); err == nil {
		return string(p.ChangeRule())
	}
	return d.OnChange
}

// writeRemoved lists the removed records with the Clio object each made.
func writeRemoved(w io.Writer, es []entryJSON) {
	if len(es) == 0 {
		fmt.Fprintln(w, "Removed: none (every record delivered before is still in the Nexset)")
		return
	}
	fmt.Fprintf(w, "Removed (%d): delivered before, absent from the Nexset now; their objects stay in Clio:\n", len(es))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  POS\tKEY\tCLIO ID")
	for _, e := range es {
		fmt.Fprintf(tw, "  %d\t%s\t%d\n", e.Pos, e.Key, e.ClioID)
	}
	tw.Flush()
}

// writeLastRun is status's line on the last run.
func writeLastRun(w io.Writer, r *runJSON) {
	state := "finished"
	switch {
	case r.Running:
		state = fmt.Sprintf("running (process %d", r.PID)
		if r.Host != "" {
			state += " on " + r.Host
		}
		state += ")"
	case !r.Finished && r.Interrupted:
		state = "did not finish (the process stopped)"
	case !r.Finished:
		state = "not finished (still running, or the process was killed)"
	case r.Interrupted:
		state = "interrupted"
	}
	if !r.Finished && !r.Running && r.Interrupted {
		// Its process died before writing the run's counts: zeros would lie.
		fmt.Fprintf(w, "Last run: %s, started %s, %s; it recorded no counts (the ledger's are above)\n",
			r.Mode, r.StartedAt.Local().Format(time.DateTime), state)
		return
	}
	fmt.Fprintf(w, "Last run: %s, started %s, %s: delivered %d, failed %d, skipped %d, in doubt %d",
		r.Mode, r.StartedAt.Local().Format(time.DateTime), state, r.Delivered, r.Failed, r.Skipped, r.InDoubt)
	if r.NotSent > 0 {
		fmt.Fprintf(w, ", not sent %d", r.NotSent)
	}
	if r.Deleted > 0 {
		fmt.Fprintf(w, ", deleted %d removed record(s)' objects", r.Deleted)
	}
	fmt.Fprintf(w, ", %d request(s), %s waiting for the rate limit\n",
		r.Requests, (time.Duration(r.RateLimitWaitSeconds * float64(time.Second))).Round(time.Millisecond))
	writeRunFound(w, r)
	if r.Error != "" && r.Error != "interrupted" {
		fmt.Fprintf(w, "  stopped: %s\n", r.Error)
	}
}
