package cred

import (
	"context"
	"errors"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
)

// checkAttempts is how often a check asks who_am_i when Clio answers 429,
// 5xx or the connection fails; who_am_i is a GET, so asking again is safe.
const checkAttempts = 4

// checkBackoff is the wait before attempt n+1 (250 ms, 500 ms, 1 s),
// unless Clio's Retry-After asks for longer.
func checkBackoff(n int, err error) time.Duration {
	d := 250 * time.Millisecond << (n - 1)
	var ae *clio.APIError
	if errors.As(err, &ae) && ae.RetryAfter > d {
		d = ae.RetryAfter
	}
	return d
}

// whoAmIRetrying is whoAmI, asked again like every other request of
// cliodest when the failure may pass (clio.IsRetryable).
func (s *Store) whoAmIRetrying(ctx context.Context, h clio.Host, ts oauth2.TokenSource) (User, error) {
	for n := 1; ; n++ {
		u, err := s.whoAmI(ctx, h, ts)
		if err == nil || n == checkAttempts || !clio.IsRetryable(err) {
			return u, err
		}
		t := time.NewTimer(checkBackoff(n, err))
		select {
		case <-ctx.Done():
			t.Stop()
			return User{}, err
		case <-t.C:
		}
	}
}
