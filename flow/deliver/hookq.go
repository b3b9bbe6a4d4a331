package deliver

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cliodest/cliodest/flow"
)

// hookQueueSize bounds the documents waiting for the webhook: a slow
// receiver costs at most this much memory and never holds up Clio.
const hookQueueSize = 1024

// hookQuiet is how long the end of a run waits for the webhook before it
// says so (WebhookWaiting): most receivers have taken every document by then.
const hookQuiet = time.Second

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
	// waiting counts the documents queued or being posted.
	waiting atomic.Int32

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
			q.waiting.Add(-1)
		}
	}()
	return q
}

func (q *hookQueue) put(doc flow.WebhookDoc) {
	if q.ch == nil {
		return
	}
	q.waiting.Add(1)
	select {
	case q.ch <- doc:
	default:
		q.waiting.Add(-1)
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
// A wait longer than a moment is said (WebhookWaiting), so a slow or dead
// receiver does not leave the screen silent for up to drain.
func (q *hookQueue) close(drain time.Duration) {
	if q.ch == nil {
		return
	}
	close(q.ch)
	t := time.NewTimer(drain)
	defer t.Stop()
	quiet := time.NewTimer(min(hookQuiet, drain))
	defer quiet.Stop()
	select {
	case <-q.done:
	case <-quiet.C:
		if n := q.waiting.Load(); n > 0 {
			q.e.emit(WebhookWaiting{Documents: int(n), Limit: drain})
		}
		select {
		case <-q.done:
		case <-t.C:
			q.stop()
			<-q.done
		}
	}
	q.stop()
}

func (q *hookQueue) failures() (int, string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.fails, q.last
}
