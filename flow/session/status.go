package session

import (
	"context"
	"fmt"
	"os"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// Report is where a destination stands, read from its file, its ledger
// and its delivery lock without changing any of them.
type Report struct {
	Destination *flow.Destination
	File        string
	Ledger      string // the ledger file, whether or not it exists
	// Activated: the ledger exists (some run was made). Without it Counts
	// is 0 in every state and LastRun nil.
	Activated bool
	Counts    map[ledger.State]int
	Conflicts int         // of the failed records, the edit conflicts (flow/deliver's conflict.go)
	LastRun   *ledger.Run // nil before any run
	// Running: a process holds the delivery lock now (Holder says which).
	// A last run not finished and not running was cut short.
	Running bool
	Holder  deliver.Holder
	// NexsetRecords is the Nexset's record count now and NotDelivered that
	// less the records delivered; both -1 when not counted (standard input,
	// StatusOptions.Count false, or CountErr).
	NexsetRecords, NotDelivered int
	CountErr                    error // the Nexset could not be counted
}

// StatusOptions says what Status reads beyond the ledger's counts.
type StatusOptions struct {
	Ledger string // the ledger file; "" is beside the destination
	Count  bool   // count the Nexset's records (reads the whole file)
}

// Status reads the destination file and reports on it (see StatusOf).
func Status(ctx context.Context, file string, o StatusOptions) (Report, error) {
	d, err := flow.Load(file)
	if err != nil {
		return Report{}, err
	}
	return StatusOf(ctx, d, file, o)
}

// StatusOf reports on d, loaded from file: its ledger's counts and last
// run, whether a run is delivering it now, and, when asked, how much of
// its Nexset is not delivered yet.
func StatusOf(ctx context.Context, d *flow.Destination, file string, o StatusOptions) (Report, error) {
	rep := Report{Destination: d, File: file, Ledger: o.Ledger, Counts: ledger.NoCounts(), NexsetRecords: -1, NotDelivered: -1}
	if rep.Ledger == "" {
		rep.Ledger = ledger.DefaultPath(file)
	}
	if _, err := os.Stat(rep.Ledger); err == nil {
		rep.Activated = true
		l, err := ledger.Open(rep.Ledger, ledger.Identity{ID: d.ID, Name: d.Name})
		if err != nil {
			return rep, fmt.Errorf("destination %s: %w", file, err)
		}
		defer l.Close()
		if rep.Counts, err = l.Counts(); err != nil {
			return rep, err
		}
		if rep.Conflicts, err = l.CountConflicts(); err != nil {
			return rep, err
		}
		if rep.LastRun, err = l.LastRun(); err != nil {
			return rep, err
		}
		if rep.LastRun != nil && !rep.LastRun.Finished {
			rep.Holder, rep.Running = deliver.Running(rep.Ledger)
		}
	}
	if o.Count && d.Nexset.Path != "-" {
		n, err := nexset.Count(ctx, d.NexsetPath(), d.NexsetOptions())
		if err != nil {
			rep.CountErr = d.NexsetError(err)
		} else {
			rep.NexsetRecords, rep.NotDelivered = n, max(n-rep.Counts[ledger.Delivered], 0)
		}
	}
	return rep, nil
}
