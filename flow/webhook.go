package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
)

// WebhookDoc is what the response webhook receives for each call, and what
// the response file holds one per line.
type WebhookDoc struct {
	Destination   string          `json:"destination"`
	DestinationID string          `json:"destination_id"`
	Method        string          `json:"method"`
	URL           string          `json:"url"`
	Records       []RecordRef     `json:"records"`
	Status        int             `json:"status"`             // 0 when no answer came
	Response      json.RawMessage `json:"response,omitempty"` // Clio's body (JSON), excluded attributes removed
	Error         string          `json:"error,omitempty"`    // when the call failed without a JSON answer
	Time          time.Time       `json:"time"`
}

// ResponseDoc builds the document for one call's outcome. Excluded
// attributes are stripped from Clio's answer, the URL loses its query (which
// might carry secrets), and a non-JSON answer is kept as a short error text.
func (d *Destination) ResponseDoc(c Call, status int, body []byte, callErr error, at time.Time) WebhookDoc {
	doc := WebhookDoc{Destination: d.Name, DestinationID: d.ID, Method: c.Method, URL: stripQuery(c.URL),
		Records: c.Records, Status: status, Time: at.UTC()}
	if len(body) > 0 {
		var v any
		if json.Unmarshal(body, &v) == nil {
			stripJSONExcluded(v, d.Exclude)
			doc.Response, _ = json.Marshal(v)
		} else {
			doc.Error = "non-JSON answer: " + snippet(body)
		}
	}
	if callErr != nil && doc.Error == "" {
		doc.Error = callErr.Error()
	}
	return doc
}

func stripQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.RawQuery, u.User, u.Fragment = "", nil, ""
	return u.String()
}

func snippet(b []byte) string {
	const max = 200
	s := []rune(string(bytes.TrimSpace(b)))
	if len(s) > max {
		return string(s[:max]) + "…"
	}
	return string(s)
}

// WebhookSink delivers response documents to a URL (with retries) and/or
// appends them to a JSON Lines file. Safe for concurrent use.
type WebhookSink struct {
	url      string
	client   *http.Client
	attempts int
	backoff  func(attempt int) time.Duration

	mu   sync.Mutex
	file *os.File
}

// WebhookOptions tune a sink; zero values take the defaults.
type WebhookOptions struct {
	HTTPClient *http.Client                    // default: 10 s timeout
	Attempts   int                             // default 3
	Backoff    func(attempt int) time.Duration // wait before attempt n (n ≥ 2); default 1s, 2s, 4s…
}

// OpenWebhookSink opens the destination's sink; with the webhook disabled it
// returns (nil, nil), and a nil *WebhookSink accepts and drops documents.
func (d *Destination) OpenWebhookSink(o WebhookOptions) (*WebhookSink, error) {
	w := d.ResponseWebhook
	if !w.Enabled {
		return nil, nil
	}
	return NewWebhookSink(w.URL, d.ResponseFilePath(), o)
}

// NewWebhookSink makes a sink for a URL and/or a file (either may be "").
func NewWebhookSink(rawURL, file string, o WebhookOptions) (*WebhookSink, error) {
	s := &WebhookSink{url: rawURL, client: o.HTTPClient, attempts: o.Attempts, backoff: o.Backoff}
	if rawURL != "" {
		if err := checkWebhookURL(rawURL); err != nil {
			return nil, fmt.Errorf("response webhook: %w", err)
		}
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: 10 * time.Second}
	}
	if s.attempts <= 0 {
		s.attempts = 3
	}
	if s.backoff == nil {
		s.backoff = func(n int) time.Duration { return time.Second << (n - 2) }
	}
	if file != "" {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("response file: %w", err)
		}
		s.file = f
	}
	return s, nil
}

// Deliver appends doc to the file and posts it to the URL, retrying
// retryable failures (network errors, 429, 5xx). Both are attempted; the
// errors of both are returned joined.
func (s *WebhookSink) Deliver(ctx context.Context, doc WebhookDoc) error {
	if s == nil {
		return nil
	}
	line, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("response webhook: encoding: %w", err)
	}
	var errs []error
	if s.file != nil {
		s.mu.Lock()
		_, err := s.file.Write(append(line, '\n'))
		s.mu.Unlock()
		if err != nil {
			errs = append(errs, fmt.Errorf("response file: %w", err))
		}
	}
	if s.url != "" {
		if err := s.post(ctx, line); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *WebhookSink) post(ctx context.Context, body []byte) error {
	var last error
	for n := 1; n <= s.attempts; n++ {
		if n > 1 {
			t := time.NewTimer(s.backoff(n))
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("response webhook %s: %w (last: %v)", stripQuery(s.url), ctx.Err(), last)
			case <-t.C:
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("response webhook: %w", err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := s.client.Do(req)
		if err != nil {
			last = err
			if ctx.Err() != nil {
				break
			}
			continue
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode < 300 {
			return nil
		}
		last = fmt.Errorf("status %d", resp.StatusCode)
		if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
			break // the receiver refuses the document; retrying will not help
		}
	}
	return fmt.Errorf("response webhook %s: %w", stripQuery(s.url), last)
}

// Close closes the response file.
func (s *WebhookSink) Close() error {
	if s == nil || s.file == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.file.Close()
	s.file = nil
	if err != nil {
		return fmt.Errorf("response file: %w", err)
	}
	return nil
}
