package home

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
)

// glance is what a destination's ledger, lock and credential say now, read
// without writing or locking anything.
type glance struct {
	pid       int    // the process delivering it now; 0 when none
	host      string // where that process runs, when not here
	never     bool   // no ledger yet: never activated
	counts    map[ledger.State]int
	last      *ledger.Run
	ledgerErr string // the ledger cannot be read: corrupt, another destination's, newer
	credErr   string // the credential it names is not saved: which login to run
	stamp     stamp
}

// stamp is what changes when a destination's ledger or lock is written: a
// refresh reads again only the destinations whose stamp moved.
type stamp struct {
	ledger, wal, file time.Time
	pid               int
}

// stampOf reads the modification times and the lock's holder: cheap
// enough to take for every destination every second.
func stampOf(r *row) stamp {
	lp := ledger.DefaultPath(r.path)
	var s stamp
	if fi, err := os.Stat(lp); err == nil {
		s.ledger = fi.ModTime()
	}
	if fi, err := os.Stat(lp + "-wal"); err == nil {
		s.wal = fi.ModTime()
	}
	if fi, err := os.Stat(r.path); err == nil {
		s.file = fi.ModTime()
	}
	if h, live := deliver.Running(lp); live {
		s.pid = h.PID
	}
	return s
}

// Creds says whether a credential is saved; nil checks nothing (a token
// stands in for every credential, as CLIODEST_TOKEN and the demo's do).
type Creds interface {
	Get(name string) (cred.Credential, error)
}

// readGlance reads r's status (flow/session: its ledger read-only and
// its lock) and its credential.
func readGlance(r *row, store Creds) glance {
	g := glance{stamp: stampOf(r)}
	if r.d == nil {
		g.holder(deliver.Running(ledger.DefaultPath(r.path)))
		return g
	}
	if store != nil && r.d.Credential != "" {
		var nf *cred.NotFoundError
		if _, err := store.Get(r.d.Credential); errors.As(err, &nf) {
			g.credErr = fmt.Sprintf("credential %q is not saved on this machine: run cliodest login --name %s", r.d.Credential, r.d.Credential)
		}
	}
	rep, err := session.StatusOf(context.Background(), r.d, r.path, session.StatusOptions{})
	g.holder(rep.Holder, rep.Running)
	if rep.Activated {
		g.counts, g.last = rep.Counts, rep.LastRun
	}
	switch {
	case err != nil:
		g.ledgerErr = ledgerWords(err)
	case !rep.Activated:
		g.never = true
	default:
		g.never = g.last == nil
	}
	return g
}

// holder notes the process delivering the destination now, if live, and
// its host when not this one.
func (g *glance) holder(h deliver.Holder, live bool) {
	if !live {
		return
	}
	g.pid = h.PID
	if here, _ := os.Hostname(); h.Host != here {
		g.host = h.Host
	}
}

// ledgerWords says what is wrong with a ledger in a line.
func ledgerWords(err error) string {
	var (
		me *ledger.MismatchError
		ce *ledger.CorruptError
		ve *ledger.VersionError
		le *session.LedgerError
	)
	if errors.As(err, &le) {
		err = le.Err // the home names the destination itself
	}
	switch {
	case errors.As(err, &me):
		return fmt.Sprintf("the ledger belongs to another destination (%s, id %s)", me.Ledger.Name, me.Ledger.ID)
	case errors.As(err, &ce):
		return "the ledger is corrupt: " + ce.Error()
	case errors.As(err, &ve):
		return "the ledger was written by a newer cliodest: " + ve.Error()
	}
	return "the ledger cannot be read: " + err.Error()
}
