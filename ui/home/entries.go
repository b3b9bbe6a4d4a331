package home

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/flow/ledger"
)

// Entry is one destination file as the home lists it, in words: what the
// accessible home reads out as a numbered menu.
type Entry struct {
	File, Name, Endpoint, Nexset string
	State                        string // paused, active, running (the notes name the process), never activated, not valid…
	Counts                       string // "delivered 3, failed 1, in doubt 1, pending 0"; "" when not known
	LastRun                      string
	Notes                        []string // what is wrong: the file's first problem, the ledger, a credential
}

// Entries reads the destination files of dir and their ledgers (read-only)
// once, as the home's list shows them; creds may be nil (see Options).
func Entries(dir string, creds Creds, loc *time.Location) ([]Entry, error) {
	rows, err := scan(dir)
	if err != nil {
		return nil, err
	}
	m := newModel(context.Background(), Options{Dir: dir, Creds: creds, Location: loc}, nil, newRuns())
	m.width = wide
	out := make([]Entry, len(rows))
	for i := range rows {
		r := reload(rows[i])
		r.glance, r.glanced = readGlance(&r, creds), true
		e := Entry{File: r.path, Name: r.name, Endpoint: r.endpoint, Nexset: r.nexset, State: m.stateWords(&r), LastRun: m.lastRunWords(&r)}
		if r.glance.counts != nil {
			c := m.countCells(&r)
			e.Counts = fmt.Sprintf("delivered %s, failed %s, in doubt %s, pending %s", c[0], c[1], c[2], c[3])
		}
		for _, n := range m.notes(&r)[1:] {
			e.Notes = append(e.Notes, ansi.Strip(n))
		}
		out[i] = e
	}
	return out, nil
}

// Records lists the failed and in-doubt records of the destination file,
// read from its ledger read-only.
func Records(file string) ([]ledger.Entry, error) {
	r, ok := readRow(file)
	switch {
	case !ok:
		return nil, fmt.Errorf("%s is not a destination file", file)
	case r.d == nil:
		return nil, fmt.Errorf("%s does not load: %s", file, r.problem)
	}
	es, _, err := readRecords(file, *r.d)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s has never been activated: no ledger yet", r.name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s", ledgerWords(err))
	}
	return es, nil
}
