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
	down       int       // connection failures since the last answer
	since      time.Time // when the first of them was sent
	failing    int       // 5xx answers since the last other answer
	lastAnswer time.Time
}

// note takes one attempt's outcome — the status of an answer, or the error
// of a request sent at sent that got none — and returns why the run must
// stop, or "". Silence is counted from the last answer or from the first
// failed request of the streak, whichever is later: a quiet hour of
// --follow followed by one failure is not 30 s without an answer.
func (h *health) note(sent, now time.Time, status int, err error) (why string) {
	switch {
	case status == 0:
		if h.down == 0 {
			h.since = sent
		}
		h.down++
		from := h.since
		if h.lastAnswer.After(from) {
			from = h.lastAnswer
		}
		if h.down >= maxUnreachable || now.Sub(from) >= maxSilence {
			return fmt.Sprintf("Clio cannot be reached (%s)", connCause(err))
		}
	case status >= 500:
		h.down, h.lastAnswer = 0, now
		h.failing++
		if h.failing >= maxServerErrors {
			return fmt.Sprintf("Clio answered %d errors in a row (the last: %d %s)", h.failing, status, http.StatusText(status))
		}
	default:
		h.down, h.failing, h.lastAnswer = 0, 0, now
	}
	return ""
}

// observe notes one attempt's outcome (see health.note) and stops the run
// when it shows that nothing can succeed. A local failure (no token, a
// body that cannot be encoded) says nothing about Clio and is not noted.
func (e *engine) observe(sent time.Time, status int, err error) {
	if status == 0 && (err == nil || !unreachable(err)) {
		return
	}
	e.mu.Lock()
	why := e.health.note(sent, time.Now(), status, err)
	e.mu.Unlock()
	if why != "" {
		e.stopRun(why)
	}
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
	if e.o.TokenFromEnv && re == nil {
		return fmt.Sprintf("the token was refused: set a fresh %s (or unset it to use a saved credential)", cred.EnvToken)
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
