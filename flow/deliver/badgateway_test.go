package deliver

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// gatewayLost hands the first create whose body holds marker to the
// sandbox, which writes the object, and answers 502 in its place, as a
// proxy does when Clio's answer never reached it.
type gatewayLost struct {
	sb     *sandbox.Server
	marker string
	once   sync.Once
}

func (g *gatewayLost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && bytes.Contains(readBody(r), []byte(g.marker)) {
		lost := false
		g.once.Do(func() { lost = true })
		if lost {
			g.sb.ServeHTTP(httptest.NewRecorder(), r)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
			return
		}
	}
	g.sb.ServeHTTP(w, r)
}

// TestCreateBehindBadGateway: a 502 to a create may come after Clio wrote
// the object, so the record is in doubt, never sent again by the run;
// retry --in-doubt finds the object. Each record exists once in Clio.
func TestCreateBehindBadGateway(t *testing.T) {
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{RateLimit: -1, Log: log})
	c := faultClient(t, sb, &gatewayLost{sb: sb, marker: `"record R2"`})
	d, file := activityDest(t, 3, nil)
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l}); s.Delivered != 2 || s.InDoubt != 1 || s.Retries != 0 {
		t.Fatalf("activation %+v", s)
	}
	if en, _, _ := l.Get("R2"); en.State != ledger.InDoubt {
		t.Fatalf("R2 after the 502: %+v", en)
	}
	if s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Mode: ledger.ModeRetry, InDoubt: true}); s.Reconciled != 1 || s.InDoubt != 0 {
		t.Fatalf("retry --in-doubt %+v", s)
	}
	if got := creates(t, log); got["record R1"] != 1 || got["record R2"] != 1 || got["record R3"] != 1 {
		t.Fatalf("creates per note: %v", got)
	}
}
