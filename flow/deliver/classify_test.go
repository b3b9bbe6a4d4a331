package deliver

import (
	"net/http"
	"testing"
)

// A 504 is a gateway that gave up waiting, a 502 one that got no good
// answer from Clio: Clio may have written the object either way, so a POST
// is in doubt; an idempotent method is sent again. The
// refusals that come before processing are retried whatever the method.
func TestClassifyGatewayTimeout(t *testing.T) {
	for _, tt := range []struct {
		method string
		status int
		want   verdict
	}{
		{http.MethodPost, http.StatusGatewayTimeout, vInDoubt},
		{http.MethodPatch, http.StatusGatewayTimeout, vRetry},
		{http.MethodPost, http.StatusBadGateway, vInDoubt},
		{http.MethodPatch, http.StatusBadGateway, vRetry},
		{http.MethodPost, http.StatusServiceUnavailable, vRetry},
		{http.MethodPost, http.StatusTooManyRequests, vRetry},
		{http.MethodPost, http.StatusInternalServerError, vInDoubt},
		{http.MethodPatch, http.StatusInternalServerError, vRetry},
		{http.MethodPost, http.StatusUnprocessableEntity, vFailed},
	} {
		if got := classify(tt.method, tt.status, nil); got != tt.want {
			t.Errorf("%s answered %d: verdict %d, want %d", tt.method, tt.status, got, tt.want)
		}
	}
}
