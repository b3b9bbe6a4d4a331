package deliver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// RekeyReport says what Rekey changed.
type RekeyReport struct {
	From, To flow.Identity
	Renamed  int // records now under their new key
	Dropped  int // pending or failed records not in the Nexset, forgotten (never applied in Clio)
}

// Rekey moves a ledger from the key it remembers to the destination's
// current nexset.key. It reads the Nexset twice, once per key, pairs each
// record's old key with its new one, and renames the ledger's records, all
// or nothing. It refuses unless every record that may exist in Clio
// (delivered, in doubt) is found in the Nexset, the new keys are unique, and
// no new key is already another record's; the endpoint must not have
// changed. It holds the run lock, so no run changes the ledger meanwhile.
//
// from names the attribute the ledger's records were keyed by, for a ledger
// that does not remember it (written before identities were kept); "" takes
// the ledger's word.
func Rekey(ctx context.Context, d *flow.Destination, p *flow.Planner, l *ledger.Ledger, from string) (RekeyReport, error) {
	lock, err := AcquireLock(LockPath(l.Path()))
	if err != nil {
		return RekeyReport{}, err
	}
	defer lock.Release()
	if _, err := l.RecoverInFlight(); err != nil {
		return RekeyReport{}, fmt.Errorf("recovering the previous run's in-flight records: %w", err)
	}
	cur := p.Identity()
	old, ok, _, err := pastIdentity(l, cur)
	if err != nil {
		return RekeyReport{}, err
	}
	if from != "" {
		old.Key, ok = from, true
	}
	rep := RekeyReport{From: old, To: cur}
	switch {
	case !ok:
		return rep, errors.New("the ledger does not say which nexset.key its records were written with (an older cliodest wrote it): name it with --from ATTRIBUTE")
	case old.Method != cur.Method || old.Collection != cur.Collection:
		return rep, fmt.Errorf("the endpoint changed too (%s): rekey only changes keys; restore the endpoint, or start a new destination", strings.Join(old.Changes(cur), "; "))
	case old.Key == cur.Key:
		return rep, nil
	}
	if d.NexsetPath() == "-" {
		return rep, errors.New("the Nexset is standard input, which cannot be read twice: set nexset.path to the file, rekey, then set it back")
	}

	// The ledger's records by key; rekey works on a ledger, not a Nexset,
	// so its memory is the ledger's size.
	rows := map[string]ledger.Entry{}
	for _, s := range ledger.AllStates() {
		if err := l.Each(s, func(e ledger.Entry) error { rows[e.Key] = e; return nil }); err != nil {
			return rep, err
		}
	}
	// Pass 1: the old key of each record, kept by position for the ledger's records.
	oldAt := map[int]string{}
	seenOld := map[string]int{}
	err = flow.EachKey(ctx, keyedBy(d, old.Key), func(key string, rec nexset.Record) error {
		if _, ok := rows[key]; !ok {
			return nil
		}
		if line, twice := seenOld[key]; twice {
			return fmt.Errorf("the old key %q is used by lines %d and %d: which record the ledger's row stands for cannot be told", key, line, rec.Line)
		}
		seenOld[key] = rec.Line
		oldAt[rec.Pos] = key
		return nil
	})
	if err != nil {
		return rep, err
	}
	// Pass 2: the new key of the same records.
	pairs := map[string]string{}
	newOf := map[string]string{} // new key → old key
	err = flow.EachKey(ctx, keyedBy(d, cur.Key), func(key string, rec nexset.Record) error {
		oldKey, ok := oldAt[rec.Pos]
		if !ok {
			return nil
		}
		if other, twice := newOf[key]; twice {
			return fmt.Errorf("the new key %q would be the key of two records of the ledger (%q and %q): make nexset.key unique first", key, other, oldKey)
		}
		newOf[key] = oldKey
		pairs[oldKey] = key
		return nil
	})
	if err != nil {
		return rep, err
	}
	var drop, missing []string
	for k, e := range rows {
		if _, ok := pairs[k]; ok {
			continue
		}
		if e.State == ledger.Pending || e.State == ledger.Failed {
			drop = append(drop, k)
			continue
		}
		missing = append(missing, fmt.Sprintf("%s (%s, line %d)", k, e.State, e.Line))
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return rep, fmt.Errorf("%d record(s) of the ledger that may exist in Clio are not in the Nexset under their old key, so they cannot be paired: %s%s",
			len(missing), strings.Join(missing[:min(5, len(missing))], ", "), more(len(missing), 5))
	}
	// Every row is now renamed or dropped, and the new keys are distinct:
	// no new key can meet another row's.
	for old, nw := range pairs {
		if old == nw {
			delete(pairs, old)
		}
	}
	if err := l.Rekey(pairs, drop); err != nil {
		return rep, err
	}
	rep.Renamed, rep.Dropped = len(pairs), len(drop)
	return rep, rememberIdentity(l, cur)
}

func more(n, shown int) string {
	if n <= shown {
		return ""
	}
	return fmt.Sprintf(" and %d more", n-shown)
}

// keyedBy is d with another key attribute.
func keyedBy(d *flow.Destination, keyAttr string) *flow.Destination {
	as := *d
	as.Nexset.Key = keyAttr
	return &as
}
