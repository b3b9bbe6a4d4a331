package accessible_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/ui/accessible"
)

// A contact's list items are named with their index among the other
// attributes, and one is mapped by that name.
func TestArrayItemsOffered(t *testing.T) {
	e := newEnv(t)
	answers := []string{"intake.csv", "", "", "-", "1", "5", "", "", "1"} // read, key, zone, credential, Create Contact, on_change, no find-by
	answers = append(answers, "", "", "", "")                             // name, type, first and last name as suggested
	answers = append(answers, "email_addresses[0].address", "email", "")
	err := e.run(t, answers...)
	if err != nil && !errors.Is(err, accessible.ErrAborted) {
		t.Fatalf("Run = %v", err)
	}
	out := e.out.String()
	if !strings.Contains(out, "email_addresses[0].address") || !strings.Contains(out, "phone_numbers[0].number") {
		t.Fatalf("items not offered by name:\n%s", out)
	}
	if !strings.Contains(out, "email_addresses[0].address (string") || strings.Contains(out, "Not accepted") {
		t.Fatalf("an item target was refused:\n%s", out)
	}
}
