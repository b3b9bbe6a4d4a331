package session

import (
	"context"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

func TestTestRequestAsksForTheObject(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	d, err := flow.Load(writeActivities(t, t.TempDir(), 2))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ts.session().Connect(context.Background(), Login{Env: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.PlanOn(conn.Host)
	if err != nil {
		t.Fatal(err)
	}
	rec := nexset.Record{Pos: 1, Line: 1, Fields: map[string]any{"id": "R1", "date": "2024-03-04", "hours": 0.5, "note": "n", "matter_id": int64(3001)}}
	call, withLookups, err := TestRequest(context.Background(), p, conn, rec)
	if err != nil {
		t.Fatal(err)
	}
	if call.Method != "POST" || !strings.Contains(call.URL, "fields=") || withLookups == nil {
		t.Fatalf("call %s %s", call.Method, call.URL)
	}
	if _, _, err := TestRequest(context.Background(), p, conn, nexset.Record{Pos: 2, Line: 2, Fields: map[string]any{"hours": "lots"}}); err == nil {
		t.Error("a record that cannot build made a request")
	}
}
