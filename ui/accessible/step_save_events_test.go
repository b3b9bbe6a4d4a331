package accessible

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
)

// The Save step's activation reads out its progress, failures and the wait
// for the response webhook, as the command's progress lines do.
func TestSaveActivationSaysItsEvents(t *testing.T) {
	var out bytes.Buffer
	j := &journey{p: newPrompter(t.Context(), strings.NewReader(""), &out)}
	j.sayEvent(deliver.Progress{Done: 3, Total: 5, Delivered: 2, Failed: 1})
	j.sayEvent(deliver.WebhookWaiting{Documents: 2, Limit: 30 * time.Second})
	for _, want := range []string{"3 of 5 records settled: 2 delivered, 1 failed.", "response webhook: waiting up to 30s for it to take 2 document(s)…"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the activation did not say %q:\n%s", want, out.String())
		}
	}
}
