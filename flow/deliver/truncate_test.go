package deliver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestNexsetTruncatedUnderARun: the file is cut while the run reads it. The
// run stops with an error naming the file, and only records Clio answered
// are delivered in the ledger.
func TestNexsetTruncatedUnderARun(t *testing.T) {
	d, file := activityDest(t, 5000, nil)
	path := d.NexsetPath()
	var once sync.Once
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() {
			if err := os.Truncate(path, 1500*90); err != nil {
				t.Error(err)
			}
		})
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	h, _ := clio.ParseBaseURL(srv.URL)
	access, _ := sb.IssueToken()
	c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()})
	l := openLedger(t, d, file)
	s, err := Run(context.Background(), Options{Destination: d, Client: c, Ledger: l, Concurrency: 1})
	if err == nil || !strings.Contains(err.Error(), "shrank") || !strings.Contains(err.Error(), "records.jsonl") {
		t.Fatalf("err = %v", err)
	}
	counts, _ := l.Counts()
	if counts[ledger.Delivered] != sb.Created("activities") || counts[ledger.InFlight] != 0 || !s.Interrupted {
		t.Fatalf("ledger %v, created %d, summary %+v", counts, sb.Created("activities"), s)
	}
}
