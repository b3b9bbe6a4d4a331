package sync

import (
	"strings"
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
		if got := Classify(c.ent, c.known, fp, map[string]any{"note": "a", "quantity": 3600}, "h"); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestClassifyCustom: a destination with custom fields prints them
// ("f2:"), so a record whose only change is a custom field value is
// changed. A row printed the first way ("f:", before custom fields were
// printed) is compared the old way: its data object, then its content.
func TestClassifyCustom(t *testing.T) {
	data := map[string]any{"name": "Hannah Okafor"}
	web := CustomFingerprint(data, [][2]any{{"Referral Source", "Website"}})
	ad := CustomFingerprint(data, [][2]any{{"Referral Source", "Advertisement"}})
	first := Fingerprint(data)
	if web == ad || web == first || !strings.HasPrefix(web, "f2:") || !strings.HasPrefix(first, "f:") {
		t.Fatalf("prints %s %s %s", web, ad, first)
	}
	if CustomFingerprint(data, nil) != CustomFingerprint(data, [][2]any{}) || CustomFingerprint(data, nil) == first {
		t.Fatal("a record that fills no custom field: one print, of the second style")
	}
	del := func(print, hash string) ledger.Entry {
		return ledger.Entry{State: ledger.Delivered, ClioID: 7, Fingerprint: print, ContentHash: hash}
	}
	for _, c := range []struct {
		name string
		ent  ledger.Entry
		want Kind
	}{
		{"unchanged", del(web, "h"), Unchanged},
		{"a custom field value changed", del(ad, "h"), Changed},
		{"first style, same data and content", del(first, "h"), Unchanged},
		{"first style, content unknown", del(first, ""), Unchanged},
		{"first style, same data, other content", del(first, "old"), Changed},
		{"first style, other data", del(Fingerprint(map[string]any{"name": "H. Okafor"}), "h"), Changed},
		{"an edited test body", del(CustomFingerprint(map[string]any{"name": "Hannah Okafor", "custom_field_values": []any{}}, nil), "h"), Changed},
	} {
		if got := Classify(c.ent, true, web, data, "h"); got != c.want {
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
