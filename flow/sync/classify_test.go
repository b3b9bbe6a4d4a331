package sync

import (
	"testing"

	"github.com/cliodest/cliodest/flow/ledger"
)

func TestClassify(t *testing.T) {
	fp := Fingerprint(map[string]any{"note": "a", "quantity": 3600})
	other := Fingerprint(map[string]any{"note": "b", "quantity": 3600})
	if fp == other || fp != Fingerprint(map[string]any{"quantity": 3600, "note": "a"}) {
		t.Fatalf("fingerprints %s %s", fp, other)
	}
	del := func(print, hash string) ledger.Entry {
		return ledger.Entry{State: ledger.Delivered, ClioID: 7, Fingerprint: print, ContentHash: hash}
	}
	for _, c := range []struct {
		name  string
		ent   ledger.Entry
		known bool
		want  Kind
	}{
		{"new", ledger.Entry{}, false, Other},
		{"unchanged", del(fp, "h"), true, Unchanged},
		{"changed", del(other, "h"), true, Changed},
		{"in doubt is never changed", ledger.Entry{State: ledger.InDoubt, Fingerprint: other}, true, Other},
		{"failed", ledger.Entry{State: ledger.Failed, Fingerprint: other}, true, Other},
		{"delivered before fingerprints", del("", ""), true, Unprinted},
		{"delivered before fingerprints, same content", del("", "h"), true, Unprinted},
		{"delivered before fingerprints, other content", del("", "old"), true, Changed},
	} {
		if got := Classify(c.ent, c.known, fp, "h"); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestOnChange(t *testing.T) {
	for in, want := range map[string]OnChange{"": "", "Update": Update, " skip": Skip, "create": Create} {
		if got, err := ParseOnChange(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := ParseOnChange("upsert"); err == nil {
		t.Error("upsert accepted")
	}
	if Resolve("", true) != Update || Resolve("", false) != Skip || Resolve(Create, true) != Create {
		t.Error("Resolve")
	}
}
