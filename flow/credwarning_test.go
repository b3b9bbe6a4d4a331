package flow

import (
	"strings"
	"testing"
)

// TestNoCredentialWarningIsTrue: a destination that names no credential is
// warned about in words that hold whether CLIODEST_TOKEN is set or not (it
// said "will need CLIODEST_TOKEN" to a user who had set it), and without
// CLIODEST_TOKEN the only credential saved is used, which it did not say.
func TestNoCredentialWarningIsTrue(t *testing.T) {
	d, err := Parse([]byte("version: 1\nid: abc\nname: n\nstatus: paused\nnexset: {path: a.jsonl}\napi_version: 4.0.10\nendpoint: {template: create_task}\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	for _, p := range checkConfig(d) {
		if p.Field == "credential" && p.Warning {
			msg = p.Message
		}
	}
	if !strings.Contains(msg, "CLIODEST_TOKEN when it is set, else as the only credential saved") || !strings.Contains(msg, "cliodest login") || strings.Contains(msg, "will need") {
		t.Errorf("credential warning = %q, want it to say the token in CLIODEST_TOKEN is used, else the only credential saved, and how to save one", msg)
	}
}
