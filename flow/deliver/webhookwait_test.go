package deliver

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// TestWebhookWaitIsSaid: when the run's requests are done and the response
// webhook still holds its documents, the run says it waits for it
// (WebhookWaiting, with how many documents and how long at most) before it
// finishes, instead of waiting in silence; the documents taken then are
// not failures.
func TestWebhookWaitIsSaid(t *testing.T) {
	const n = 5
	const drain = 2 * time.Minute // never reached: the event releases the receiver
	hook := &hookReceiver{release: make(chan struct{}), posts: map[string]int{}}
	hookSrv := httptest.NewServer(hook)
	defer hookSrv.Close()
	var release sync.Once
	defer release.Do(func() { close(hook.release) })

	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := activityDest(t, n, nil)
	d.ResponseWebhook = flow.WebhookCfg{Enabled: true, URL: hookSrv.URL}
	d = saveDest(t, d, file)
	sink, err := d.OpenWebhookSink(flow.WebhookOptions{Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	l := openLedger(t, d, file)

	var waits []WebhookWaiting
	finished := false
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Webhook: sink, WebhookDrain: drain,
		Events: func(ev Event) {
			switch ev := ev.(type) {
			case WebhookWaiting:
				if finished {
					t.Error("the wait was said after the run finished")
				}
				waits = append(waits, ev)
				release.Do(func() { close(hook.release) })
			case Finished:
				finished = true
			}
		}})
	if len(waits) != 1 || waits[0].Documents != n || waits[0].Limit != drain {
		t.Fatalf("waits %+v, want one for %d documents, up to %s", waits, n, drain)
	}
	if s.Delivered != n || s.WebhookFailures != 0 || hook.accepted.Load() != n {
		t.Errorf("summary %+v; the webhook took %d documents", s, hook.accepted.Load())
	}
}
