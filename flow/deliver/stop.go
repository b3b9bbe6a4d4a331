package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
)

// When nothing can succeed the run stops instead of spending every record's
// attempts: what is not sent stays pending for the next run.
const (
	maxUnreachable  = 10               // connection failures in a row, no answer between them
	maxSilence      = 30 * time.Second // since the last answer, with failures since
	maxServerErrors = 15               // 5xx answers in a row, no other answer between them: three records' attempts
)

// health follows the answers of a run, to tell when Clio cannot be reached
// or fails everything. Guarded by engine.mu.
type health struct {
	down       int // connection failures since the last answer
	failing    int // 5xx answers since the last other answer
	lastStatus int
	lastAnswer time.Time
	cause      string // the last connection failure, in a few words
}

// observe notes one attempt's outcome (an answer's status, or the error of
// a request that got none) and stops the run when it shows that nothing
// can succeed. It reports whether the run is stopping on its account.
func (e *engine) observe(status int, err error) bool {
	if status == 0 && (err == nil || !unreachable(err)) {
		return false // a local failure says nothing about Clio
	}
	now := time.Now()
	e.mu.Lock()
	h := &e.health
	if h.lastAnswer.IsZero() {
		h.lastAnswer = e.start
	}
	var why string
	switch {
	case status == 0:
		h.down++
		h.cause = connCause(err)
		if h.down >= maxUnreachable || now.Sub(h.lastAnswer) >= maxSilence {
			why = fmt.Sprintf("Clio cannot be reached (%s)", h.cause)
		}
	case status >= 500:
		h.down, h.lastAnswer, h.lastStatus = 0, now, status
		h.failing++
		if h.failing >= maxServerErrors {
			why = fmt.Sprintf("Clio answered %d errors in a row (the last: %d %s)", h.failing, status, http.StatusText(status))
		}
	default:
		h.down, h.failing, h.lastAnswer = 0, 0, now
	}
	e.mu.Unlock()
	if why == "" {
		return false
	}
	e.stopRun(why)
	return true
}

// stopRun stops the run because nothing can succeed now: no new request
// leaves, requests in flight settle, the rest stay pending, and the
// summary says why (the first reason wins).
func (e *engine) stopRun(why string) {
	e.mu.Lock()
	if e.s.Stopped == "" {
		e.s.Stopped = why
	}
	e.mu.Unlock()
	e.halt(nil)
}

// tokenRefused tells a refused credential from other failures: Clio
// answered 401 although the client has already tried a fresh token, or
// the credential cannot produce one. reason is "" when it is not that.
func (e *engine) tokenRefused(err error) (reason string) {
	name := e.o.Destination.Credential
	var re *cred.ReloginError
	var ae *clio.APIError
	switch {
	case errors.As(err, &re):
		name = re.Name
	case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
	default:
		return ""
	}
	if name == "" {
		return "the token was refused: log in again (cliodest login)"
	}
	return fmt.Sprintf("the token was refused: log in again (cliodest login --name %s --force)", name)
}

// unreachable reports a request that got no answer for a reason of the
// network or the server (refused, reset, timed out, closed), not ours.
func unreachable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	return neverSent(err) || clio.IsRetryable(err)
}

// connCause names a connection failure in a few words.
func connCause(err error) string {
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.As(err, &dns):
		return "host not found"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		return "connection dropped"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "no answer"
	}
	return "network error"
}

// statusOf is the HTTP status of Clio's answer behind err, 0 when none came.
func statusOf(err error) int {
	var ae *clio.APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}
