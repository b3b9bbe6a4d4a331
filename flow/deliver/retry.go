package deliver

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// verdict is what one attempt's result means for the record.
type verdict int

const (
	vDelivered verdict = iota
	vRetry             // Clio certainly did not apply it (or it is idempotent): send again
	vFailed            // Clio refused it; sending it unchanged cannot help
	vInDoubt           // it may have been applied; a POST is not sent again
)

// classify decides a request's fate from its answer or error; see the
// package comment for the policy.
func classify(method string, status int, err error) verdict {
	if err == nil && status >= 200 && status < 300 {
		return vDelivered
	}
	idempotent := method != http.MethodPost
	var ae *clio.APIError
	if errors.As(err, &ae) {
		status = ae.Status
	}
	if status != 0 {
		switch {
		case (status == http.StatusGatewayTimeout || status == http.StatusBadGateway) && !idempotent:
			// A gateway gave up waiting for Clio (504) or got no good answer
			// from it (502: Clio's answer broke off or its connection
			// closed), and Clio may still have written the object: a POST is
			// not sent again.
			return vInDoubt
		case status == http.StatusTooManyRequests, status == http.StatusRequestTimeout,
			status == http.StatusBadGateway, status == http.StatusServiceUnavailable,
			status == http.StatusGatewayTimeout:
			return vRetry // refused before processing (or idempotent)
		case status >= 500:
			if idempotent {
				return vRetry
			}
			return vInDoubt // a 500 may come after the object was written
		default:
			return vFailed
		}
	}
	switch {
	case neverSent(err):
		return vRetry
	case clio.IsRetryable(err):
		if idempotent {
			return vRetry
		}
		return vInDoubt // the answer was lost after the request was written
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return vInDoubt // cut short on the wire
	}
	return vFailed // a local failure before sending: no token, nothing to encode
}

// neverSent reports errors that prove the request did not reach the server:
// the connection could not be opened at all, or the server had closed the
// kept-alive connection it was put on before reading anything from it.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	if strings.HasSuffix(err.Error(), errServerClosedIdle) {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// errServerClosedIdle is net/http's (unexported) error for a request put
// on a kept-alive connection the server had already closed as idle; it
// retries it itself only when the request has no body.
const errServerClosedIdle = "http: server closed idle connection"

// Backoff is the wait before attempt n (n ≥ 2): exponential from Base,
// capped at Max, with full jitter in [d/2, d) so workers that failed
// together do not retry together.
type Backoff struct {
	Base, Max time.Duration
}

// DefaultBackoff starts at 250 ms and caps at 30 s.
var DefaultBackoff = Backoff{Base: 250 * time.Millisecond, Max: 30 * time.Second}

// Wait returns the wait before attempt n; retryAfter (from Clio) is a floor.
func (b Backoff) Wait(n int, retryAfter time.Duration) time.Duration {
	d := b.Base
	for i := 2; i < n && d < b.Max; i++ {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	if d > 1 {
		d = d/2 + rand.N(d/2)
	}
	if retryAfter > d {
		d = retryAfter
	}
	return d
}
