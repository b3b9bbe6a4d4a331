package accessible_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/ui/accessible"
)

// Create Contact asks whether to find a contact already in Clio first, by
// which field and attribute (guessed by name), and what to do with one.
func TestFindByQuestions(t *testing.T) {
	e := newEnv(t)
	err := e.run(t, "intake.csv", "", "", "-", "1", "5", "", "", // read, key, zone, credential, Create Contact, on_change, on_remove
		"2", "nosuch", "", "2") // by email; a bad attribute, then the guess; skip
	if !errors.Is(err, accessible.ErrAborted) {
		t.Fatalf("Run = %v", err)
	}
	out := e.out.String()
	for _, want := range []string{
		"Before creating, look for an object already in Clio", "2. find it by contacts by email first",
		"Nexset attribute holding the value to find it by [email]", `"nosuch" is not an attribute of the Nexset`,
		"If it is already in Clio:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("screen lacks %q:\n%s", want, out)
		}
	}
}
