package deliver

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/ledger"
)

// fakeAnswers is a server that answers every write by the record's note:
// "html" a maintenance page, "text" 201 text/plain, "empty" an empty 200,
// "idless" Clio's JSON without an id; anything else Clio's JSON with an id.
func fakeAnswers(t *testing.T) (*clio.Client, *atomic.Int64) {
	t.Helper()
	var next atomic.Int64
	next.Store(7_000_000_000_000) // ids past 2^32, as Clio's are
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Data struct {
				Note string `json:"note"`
			} `json:"data"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		switch body.Data.Note {
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte("<html><body><h1>Down for maintenance</h1></body></html>"))
		case "text":
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte("created"))
		case "empty":
			w.WriteHeader(http.StatusOK)
		case "idless":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"data":{"etag":"\"x\""}}`))
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(`{"data":{"id":` + jsonInt(next.Add(1)) + `}}`))
		}
	}))
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}),
		HTTPClient: srv.Client()}), &next
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestSuccessNeedsAnObject: a create answered 2xx without Clio's JSON and
// its data.id is in doubt (never delivered with id 0); the same answers to
// an update fail it. A proper answer is delivered with its exact id.
func TestSuccessNeedsAnObject(t *testing.T) {
	notes := []string{"html", "text", "empty", "idless", "fine"}
	t.Run("create", func(t *testing.T) {
		c, next := fakeAnswers(t)
		dir := t.TempDir()
		var b strings.Builder
		for i, n := range notes {
			b.WriteString(`{"id":"` + n + `","date":"2024-03-04","hours":1,"note":"` + n + `","matter_id":` + jsonInt(int64(3001+i)) + "}\n")
		}
		writeFile(t, dir, "records.jsonl", b.String())
		d, file := activityDestOn(t, dir, "records.jsonl")
		l := openLedger(t, d, file)
		s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
		if s.Delivered != 1 || s.InDoubt != 4 || s.Failed != 0 {
			t.Fatalf("summary %+v", s)
		}
		checkEntries(t, l, notes, ledger.InDoubt, next.Load())
	})
	t.Run("update", func(t *testing.T) {
		c, next := fakeAnswers(t)
		dir := t.TempDir()
		var b strings.Builder
		for i, n := range notes {
			b.WriteString(`{"activity_id":` + jsonInt(int64(9001+i)) + `,"hours":1,"narrative":"` + n + "\"}\n")
		}
		writeFile(t, dir, "updates.jsonl", b.String())
		d := updateDestOn(t, dir, "updates.jsonl")
		l := openLedger(t, d, dir+"/updates.yaml")
		s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
		if s.Delivered != 1 || s.Failed != 4 || s.InDoubt != 0 {
			t.Fatalf("summary %+v", s)
		}
		keys := []string{"9001", "9002", "9003", "9004", "9005"}
		checkEntries(t, l, keys, ledger.Failed, next.Load())
	})
}

// checkEntries: every key but the last is in state st with no Clio id and
// a message naming the missing id; the last is delivered with id.
func checkEntries(t *testing.T, l *ledger.Ledger, keys []string, st ledger.State, id int64) {
	t.Helper()
	for i, k := range keys {
		en, ok, err := l.Get(k)
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", k, ok, err)
		}
		if i == len(keys)-1 {
			if en.State != ledger.Delivered || en.ClioID != id {
				t.Errorf("%s: %s id %d, want delivered id %d", k, en.State, en.ClioID, id)
			}
			continue
		}
		if en.State != st || en.ClioID != 0 || !strings.Contains(en.ErrMessage, "without the object's id") {
			t.Errorf("%s: %s id %d %q", k, en.State, en.ClioID, en.ErrMessage)
		}
	}
}
