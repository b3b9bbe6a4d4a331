package deliver

import (
	"context"
	"sync"
	"time"

	"github.com/cliodest/cliodest/flow"
)

// hookQueueSize bounds the documents waiting for the webhook: a slow
// receiver costs at most this much memory and never holds up Clio.
const hookQueueSize = 1024

// hookQueue posts response documents in the background. A document that
// does not fit, or that the sink fails to take after its own retries, is
// counted and reported, never waited for.
type hookQueue struct {
	sink *flow.WebhookSink
	e    *engine
	ch   chan flow.WebhookDoc
	ctx  context.Context
	stop context.CancelFunc
	done chan struct{}

	mu    sync.Mutex
	fails int
	last  string
}

func newHookQueue(sink *flow.WebhookSink, e *engine) *hookQueue {
	q := &hookQueue{sink: sink, e: e, done: make(chan struct{})}
	if sink == nil {
		close(q.done)
		return q
	}
	q.ch = make(chan flow.WebhookDoc, hookQueueSize)
	q.ctx, q.stop = context.WithCancel(context.Background())
	go func() {
		defer close(q.done)
		for doc := range q.ch {
			if err := sink.Deliver(q.ctx, doc); err != nil {
				q.fail(err.Error())
			}
		}
	}()
	return q
}

func (q *hookQueue) put(doc flow.WebhookDoc) {
	if q.ch == nil {
		return
	}
	select {
	case q.ch <- doc:
	default:
		q.fail("response webhook queue full: a response document was dropped")
	}
}

func (q *hookQueue) fail(msg string) {
	q.mu.Lock()
	q.fails++
	q.last = msg
	q.mu.Unlock()
	q.e.emit(WebhookFailed{Message: msg})
}

// close waits up to drain for queued documents, then gives up on the rest.
func (q *hookQueue) close(drain time.Duration) {
	if q.ch == nil {
		return
	}
	close(q.ch)
	t := time.NewTimer(drain)
	defer t.Stop()
	select {
	case <-q.done:
	case <-t.C:
		q.stop()
		<-q.done
	}
	q.stop()
}

func (q *hookQueue) failures() (int, string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.fails, q.last
}
