package flow

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestWebhookSinkRetriesAndFile(t *testing.T) {
	tests := []struct {
		name      string
		failFirst int // answers 503 this many times
		status    int // final status
		wantCalls int32
		wantErr   string
	}{
		{name: "first try", status: 200, wantCalls: 1},
		{name: "retried", failFirst: 2, status: 204, wantCalls: 3},
		{name: "gives up", failFirst: 5, status: 200, wantCalls: 3, wantErr: "status 503"},
		{name: "refused is not retried", status: 400, wantCalls: 1, wantErr: "status 400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			var got WebhookDoc
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.Add(1)
				if int(n) <= tt.failFirst {
					w.WriteHeader(503)
					return
				}
				b, _ := io.ReadAll(r.Body)
				if err := json.Unmarshal(b, &got); err != nil || r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("bad delivery %q: %v", b, err)
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			file := filepath.Join(t.TempDir(), "responses.jsonl")
			s, err := NewWebhookSink(srv.URL, file, WebhookOptions{Backoff: func(int) time.Duration { return 0 }})
			if err != nil {
				t.Fatal(err)
			}
			doc := WebhookDoc{Destination: "d", Method: "POST", URL: "https://app.clio.com/api/v4/activities.json",
				Records: []RecordRef{{Pos: 1, Line: 2, Key: "k"}}, Status: 201, Response: json.RawMessage(`{"data":{"id":5}}`)}
			err = s.Deliver(context.Background(), doc)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Deliver = %v, want %q", err, tt.wantErr)
			}
			if calls.Load() != tt.wantCalls {
				t.Errorf("%d calls, want %d", calls.Load(), tt.wantCalls)
			}
			if tt.wantErr == "" && (got.Records[0].Key != "k" || got.Status != 201) {
				t.Errorf("received %+v", got)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(file)
			if strings.Count(string(b), "\n") != 1 || !strings.Contains(string(b), `"key":"k"`) {
				t.Errorf("file = %q", b)
			}
		})
	}
}

func TestWebhookSinkConcurrentFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "r.jsonl")
	s, err := NewWebhookSink("", file, WebhookOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.Deliver(context.Background(), WebhookDoc{Destination: strings.Repeat("x", 1000), Records: []RecordRef{{Pos: i}}})
		}()
	}
	wg.Wait()
	s.Close()
	f, _ := os.Open(file)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var d WebhookDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("line %d is not a document: %v", n+1, err)
		}
		n++
	}
	if n != 50 {
		t.Fatalf("%d lines, want 50", n)
	}
	st, _ := os.Stat(file)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
}

func TestWebhookSinkCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	defer srv.Close()
	s, _ := NewWebhookSink(srv.URL, "", WebhookOptions{Backoff: func(int) time.Duration { return time.Hour }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Deliver(ctx, WebhookDoc{}) }()
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("Deliver = %v", err)
	}
}

func TestResponseDoc(t *testing.T) {
	d := timeEntries(t)
	c := Call{Method: "POST", URL: "https://app.clio.com/api/v4/activities.json?access_token=abc", Records: []RecordRef{{Pos: 3, Line: 4, Key: "TE-3"}}}
	doc := d.ResponseDoc(c, 502, []byte("<html>Bad gateway</html>"), nil, timeZero)
	if strings.Contains(doc.URL, "abc") || doc.Response != nil || !strings.Contains(doc.Error, "Bad gateway") || doc.DestinationID != d.ID {
		t.Fatalf("doc = %+v", doc)
	}
	if _, err := NewWebhookSink("https://u:pw@hooks.example/", "", WebhookOptions{}); err == nil {
		t.Error("a webhook URL with a password was accepted")
	}
	var nilSink *WebhookSink
	if err := nilSink.Deliver(context.Background(), doc); err != nil || nilSink.Close() != nil {
		t.Error("a nil sink must accept and drop documents")
	}
}

func TestWebhookURLRefusesCleartextAndSecrets(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"https://hooks.example/clio", true},
		{"http://127.0.0.1:9000/hook", true},
		{"http://[::1]:9000/hook", true},
		{"http://localhost/hook?run=7", true},
		{"http://hooks.example/clio", false},
		{"https://hooks.example/clio?token=abc", false},
		{"https://hooks.example/clio?api_key=abc", false},
		{"https://hooks.example/clio?x=" + strings.Repeat("aZ3", 12), false},
		{"https://u:pw@hooks.example/", false},
	} {
		_, err := NewWebhookSink(c.url, "", WebhookOptions{})
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v, want ok=%v", c.url, err, c.ok)
		}
		if err != nil && (strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), "pw")) {
			t.Errorf("%s: the error repeats the secret: %v", c.url, err)
		}
		d := timeEntries(t)
		d.ResponseWebhook.URL = c.url
		if ps := checkWebhook(d); (len(ps) == 0) != c.ok {
			t.Errorf("%s: checkWebhook = %v", c.url, ps)
		}
	}
}
