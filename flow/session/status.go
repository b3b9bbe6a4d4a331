package session

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

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
	// is 0 in every state, LastRun nil and every list empty.
	Activated bool
	Counts    map[ledger.State]int
	Conflicts int         // of the failed records, the edit conflicts (flow/deliver's conflict.go)
	LastRun   *ledger.Run // nil before any run
	// Running: a process holds the delivery lock now (Holder says which),
	// read whether or not the ledger exists. A last run not finished and
	// not running was cut short.
	Running bool
	Holder  deliver.Holder
	// NexsetRecords is the Nexset's record count now and NotDelivered that
	// less the records delivered; both -1 when not counted (standard input,
	// StatusOptions.Count false, or CountErr).
	NexsetRecords, NotDelivered int
	CountErr                    error // the Nexset could not be counted

	// Entries are the records in StatusOptions.List's states, state by
	// state in the order asked, each by position.
	Entries []ledger.Entry
	// Duplicates (StatusOptions.Duplicates): the keys the Nexset used for
	// more than one record when last read.
	Duplicates []ledger.Conflict
	// EditConflicts (StatusOptions.EditConflicts): the failed records whose
	// update met a change made in Clio since cliodest wrote the object.
	EditConflicts []ledger.Entry
	// Removed (StatusOptions.Removed): the records delivered before and
	// absent from the Nexset now.
	Removed []ledger.Entry
}

// StatusOptions says what Status reads beyond the ledger's counts, its
// edit-conflict count, its last run and the delivery lock's holder.
type StatusOptions struct {
	Ledger string // the ledger file; "" is beside the destination
	Count  bool   // count the Nexset's records (reads the whole file)

	List  []ledger.State // list the records in these states (Report.Entries)
	Limit int            // at most this many records of each listed state; 0 is all

	Duplicates    bool // list the keys the Nexset uses twice
	EditConflicts bool // list the edit conflicts
	Removed       bool // list the records removed from the Nexset (reads the whole file)
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
// run, whether a run is delivering it now, and, when asked, the records of
// given states and how much of its Nexset is not delivered yet.
//
// The ledger is opened read-only (ReadLedger): status never creates,
// migrates or writes it, takes no lock, and reads while an activation
// delivers; an older ledger is read as a current one. A destination never activated (no ledger) is no
// error: Activated is false.
func StatusOf(ctx context.Context, d *flow.Destination, file string, o StatusOptions) (Report, error) {
	rep := Report{Destination: d, File: file, Ledger: LedgerPath(file, o.Ledger), Counts: ledger.NoCounts(), NexsetRecords: -1, NotDelivered: -1}
	rep.Holder, rep.Running = deliver.Running(rep.Ledger)
	l, closeLedger, err := ReadLedger(rep.Ledger, ledger.Identity{ID: d.ID, Name: d.Name})
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return rep, &LedgerError{File: file, Err: err}
	default:
		rep.Activated = true
		err := rep.read(ctx, l, o)
		closeLedger()
		if err != nil {
			return rep, err
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

// read fills rep from the open ledger l as o asks.
func (rep *Report) read(ctx context.Context, l *ledger.Ledger, o StatusOptions) error {
	var err error
	if rep.Counts, err = l.Counts(); err != nil {
		return err
	}
	if rep.Conflicts, err = l.CountConflicts(); err != nil {
		return err
	}
	if rep.LastRun, err = l.LastRun(); err != nil {
		return err
	}
	for _, s := range o.List {
		es, err := l.List(s, o.Limit)
		if err != nil {
			return err
		}
		rep.Entries = append(rep.Entries, es...)
	}
	if o.Duplicates {
		if rep.Duplicates, err = l.Conflicts(); err != nil {
			return err
		}
	}
	if o.EditConflicts {
		if rep.EditConflicts, err = l.EditConflicts(0); err != nil {
			return err
		}
	}
	if o.Removed {
		if rep.Removed, err = deliver.Removed(ctx, rep.Destination, l); err != nil {
			return fmt.Errorf("destination %s: listing removed records: %w", rep.File, err)
		}
	}
	return nil
}

// Of returns the entries of rep.Entries in state s.
func (rep *Report) Of(s ledger.State) []ledger.Entry {
	var out []ledger.Entry
	for _, e := range rep.Entries {
		if e.State == s {
			out = append(out, e)
		}
	}
	return out
}
