package deliver

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// identitySetting is the ledger setting that remembers flow.Identity.
const identitySetting = "identity"

// IdentityChangedError refuses a run (and fails validate) when the key or
// the endpoint changed since the ledger was written while it holds records:
// they would be taken for new records and sent again.
type IdentityChangedError struct {
	File    string   // the destination file, for the commands offered; "" when unknown
	Changes []string // what changed, in the destination file's words
	Held    map[ledger.State]int
	KeyOnly bool // only nexset.key changed: rekey can pair the records
	// FromUnknown: the ledger predates remembered identities and its keys
	// show an attribute was the key, but not which: rekey needs --from.
	FromUnknown bool
}

func (e *IdentityChangedError) Error() string {
	file := e.File
	if file == "" {
		file = "FILE"
	}
	total := 0
	var parts []string
	for _, s := range ledger.AllStates() {
		if n := e.Held[s]; n > 0 {
			total += n
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(string(s), "_", " ")))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the destination changed what identifies its records since the ledger was written: %s. The ledger holds %d record(s) under the old setting (%s): sending now would take them for new records and create them in Clio again, so nothing was sent. Choose one:",
		strings.Join(e.Changes, "; "), total, strings.Join(parts, ", "))
	what := "nexset.key"
	if !e.KeyOnly {
		what = "the endpoint and nexset.key as they were"
	}
	fmt.Fprintf(&b, "\n  - restore %s in %s;", what, file)
	if e.KeyOnly {
		from := ""
		if e.FromUnknown {
			from = "--from ATTRIBUTE "
		}
		fmt.Fprintf(&b, "\n  - re-key the ledger from the Nexset: cliodest rekey %s%s (it refuses unless every delivered record's old and new key can be paired);", from, file)
	}
	fmt.Fprintf(&b, "\n  - or start a new destination deliberately: copy %s, give the copy a new id: (its own ledger), and deliver that from the start", file)
	return b.String()
}

// RememberedIdentity is the identity the ledger was last written under; ok
// is false for a ledger from before identities were kept.
func RememberedIdentity(l *ledger.Ledger) (id flow.Identity, ok bool, err error) {
	v, ok, err := l.Setting(identitySetting)
	if err != nil || !ok {
		return flow.Identity{}, false, err
	}
	if err := json.Unmarshal([]byte(v), &id); err != nil {
		return flow.Identity{}, false, fmt.Errorf("ledger %s: the remembered identity %q cannot be read: %w", l.Path(), v, err)
	}
	return id, true, nil
}

// pastIdentity is the identity the ledger's records were written under:
// the remembered one, else (a ledger from before identities were kept) what
// its keys show. known is false when nothing can be told (no record, or keys
// that fit cur); unknownKey is a key showing that an attribute, unnamed, was
// the key while cur has none.
func pastIdentity(l *ledger.Ledger, cur flow.Identity) (old flow.Identity, known bool, unknownKey string, err error) {
	if old, ok, err := RememberedIdentity(l); err != nil || ok {
		return old, ok, "", err
	}
	var sample []ledger.Entry
	for _, s := range []ledger.State{ledger.Delivered, ledger.InDoubt} {
		if sample, err = l.List(s, 1); err != nil || len(sample) > 0 {
			break
		}
	}
	if err != nil || len(sample) == 0 {
		return cur, false, "", err
	}
	k := sample[0].Key
	switch content := flow.IsContentKey(k); {
	case cur.Key != "" && content:
		old = cur
		old.Key = ""
		return old, true, "", nil
	case cur.Key == "" && !content && !strings.HasPrefix(k, "pos:"):
		return cur, false, k, nil
	}
	return cur, false, "", nil
}

// CheckIdentity returns an *IdentityChangedError when the planner's
// identity differs from the one the ledger's records were written under and
// the ledger holds records. A ledger without records may change identity
// freely.
func CheckIdentity(l *ledger.Ledger, p *flow.Planner) error {
	cur := p.Identity()
	old, known, unknownKey, err := pastIdentity(l, cur)
	if err != nil {
		return err
	}
	var changes []string
	switch {
	case unknownKey != "":
		changes = []string{fmt.Sprintf("nexset.key is not set, but the ledger's records were keyed by an attribute (it holds keys such as %q)", unknownKey)}
	case known:
		changes = old.Changes(cur)
	}
	if len(changes) == 0 {
		return nil
	}
	held, err := l.Counts()
	if err != nil {
		return err
	}
	for _, n := range held {
		if n > 0 {
			return &IdentityChangedError{Changes: changes, Held: held, FromUnknown: unknownKey != "",
				KeyOnly: old.Method == cur.Method && old.Collection == cur.Collection}
		}
	}
	return nil
}

// rememberIdentity stores the planner's identity in the ledger when it is
// not the one stored.
func rememberIdentity(l *ledger.Ledger, id flow.Identity) error {
	if old, ok, err := RememberedIdentity(l); err != nil {
		return err
	} else if ok && old == id {
		return nil
	}
	b, err := json.Marshal(id)
	if err != nil {
		return err
	}
	if err := l.SetSetting(identitySetting, string(b)); err != nil {
		return fmt.Errorf("remembering the destination's identity in the ledger: %w", err)
	}
	return nil
}

// checkIdentity is the engine's guard before a run: refused when the
// identity changed under records; else, on a real run, remembered.
func (e *engine) checkIdentity() error {
	if err := CheckIdentity(e.o.Ledger, e.planner); err != nil {
		return err
	}
	if e.dry {
		return nil
	}
	return rememberIdentity(e.o.Ledger, e.planner.Identity())
}
