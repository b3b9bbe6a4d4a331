package session

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

func TestPreviewPlansOnTheHostRequestsGoTo(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	file := writeActivities(t, t.TempDir(), 3)
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := nexset.Head(context.Background(), d.NexsetPath(), d.NexsetOptions(), 3)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := ts.session().Preview(context.Background(), d, recs, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 2 || !strings.HasPrefix(samples[0].URL, ts.host.APIBase()) {
		t.Fatalf("samples %+v, want 2 on %s", samples, ts.host.APIBase())
	}
	if n := len(ts.userAgents()); n != 0 {
		t.Errorf("a preview without lookups made %d kinds of request", n)
	}
	d.BaseURL = "ftp://nowhere"
	var ie *InputError
	if _, err := (&Session{}).Preview(context.Background(), d, recs, 2, nil); !errors.As(err, &ie) {
		t.Errorf("a bad base_url: %v", err)
	}
}
