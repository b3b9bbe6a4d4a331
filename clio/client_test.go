package clio

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// seen is what a test server recorded of one request.
type seen struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

// recorder is an httptest server that records requests and answers with
// the canned responses of answer, in order (the last one repeats).
type recorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

func newRecorder(t *testing.T, answer http.HandlerFunc) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(body)})
		rec.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

// reply writes a canned JSON answer with headers.
func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// fakeTokens hands out "tok-1", "tok-2", … advancing after Invalidate.
type fakeTokens struct {
	gen, tokenCalls, invalidations atomic.Int32
	err                            error
}

func (f *fakeTokens) Token() (*oauth2.Token, error) {
	f.tokenCalls.Add(1)
	if f.err != nil {
		return nil, f.err
	}
	return &oauth2.Token{AccessToken: "tok-" + string(rune('1'+f.gen.Load())), TokenType: "bearer"}, nil
}

func (f *fakeTokens) Invalidate() { f.invalidations.Add(1); f.gen.Add(1) }

// staticTokens has no Invalidate.
type staticTokens struct{ oauth2.TokenSource }

func clientFor(t *testing.T, srv *httptest.Server, ts oauth2.TokenSource, mod ...func(*Options)) *Client {
	t.Helper()
	h, err := ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Host: h, TokenSource: ts, HTTPClient: srv.Client()}
	for _, m := range mod {
		m(&o)
	}
	return NewClient(o)
}

func TestDoSetsHeaders(t *testing.T) {
	tests := []struct {
		name  string
		opts  func(*Options)
		req   Request
		want  map[string]string // "" means absent
		path  string
		query string
	}{
		{"defaults", nil, Request{Path: "/users/who_am_i.json"},
			map[string]string{"Authorization": "Bearer tok-1", "Accept": "application/json", "User-Agent": "cliodest/dev",
				"X-Api-Version": DefaultAPIVersion, "Content-Type": "", "If-Match": ""},
			"/api/v4/users/who_am_i.json", ""},
		{"version and agent options", func(o *Options) { o.APIVersion = "4.0.3"; o.UserAgent = "cliodest/1.2.3" },
			Request{Method: "get", Path: "/tasks.json"},
			map[string]string{"X-Api-Version": "4.0.3", "User-Agent": "cliodest/1.2.3"}, "/api/v4/tasks.json", ""},
		{"caller header wins", func(o *Options) { o.APIVersion = "4.0.3" },
			Request{Path: "/tasks.json", Header: http.Header{"x-api-version": {"4.0.9"}, "X-Custom": {"a"}}},
			map[string]string{"X-Api-Version": "4.0.9", "X-Custom": "a"}, "/api/v4/tasks.json", ""},
		{"caller cannot replace the token", nil,
			Request{Path: "/tasks.json", Header: http.Header{"Authorization": {"Bearer stolen"}}},
			map[string]string{"Authorization": "Bearer tok-1"}, "/api/v4/tasks.json", ""},
		{"body and if-match", nil,
			Request{Method: "PATCH", Path: "/tasks/7.json", Body: []byte(`{"data":{}}`), IfMatch: `"etag-1"`},
			map[string]string{"Content-Type": "application/json", "If-Match": `"etag-1"`}, "/api/v4/tasks/7.json", ""},
		{"full api path not doubled, queries merged", nil,
			Request{Path: "/api/v4/tasks.json?status=pending&limit=5", Query: map[string][]string{"limit": {"9"}, "fields": {"id"}}},
			map[string]string{}, "/api/v4/tasks.json", "fields=id&limit=9&status=pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, reply(200, `{"data":{}}`))
			var mods []func(*Options)
			if tt.opts != nil {
				mods = append(mods, tt.opts)
			}
			c := clientFor(t, rec.srv, &fakeTokens{}, mods...)
			if _, err := c.Do(context.Background(), tt.req); err != nil {
				t.Fatal(err)
			}
			got := rec.requests()[0]
			for k, v := range tt.want {
				if g := got.Header.Get(k); g != v {
					t.Errorf("header %s = %q, want %q", k, g, v)
				}
			}
			if got.Path != tt.path || got.RawQuery != tt.query {
				t.Errorf("sent %s?%s, want %s?%s", got.Path, got.RawQuery, tt.path, tt.query)
			}
			if wantMethod := strings.ToUpper(tt.req.Method); wantMethod != "" && got.Method != wantMethod {
				t.Errorf("method %s, want %s", got.Method, wantMethod)
			}
			if got.Body != string(tt.req.Body) {
				t.Errorf("body %q, want %q", got.Body, tt.req.Body)
			}
		})
	}
}

func TestDoRejectsBadPaths(t *testing.T) {
	rec := newRecorder(t, reply(200, `{}`))
	c := clientFor(t, rec.srv, &fakeTokens{})
	for _, p := range []string{"tasks.json", "//evil.example/x.json", "%zz"} {
		if _, err := c.Do(context.Background(), Request{Path: p}); err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("%d requests sent for bad paths", n)
	}
	if _, err := NewClient(Options{}).Do(context.Background(), Request{Path: "/x.json"}); err == nil {
		t.Error("a client without host sent a request")
	}
}

func TestCreateUpdateGet(t *testing.T) {
	rl := []string{"X-RateLimit-Limit", "50", "X-RateLimit-Remaining", "49", "X-RateLimit-Reset", "1772452860", "X-API-VERSION", "4.0.10"}
	tests := []struct {
		name     string
		call     func(*Client) (json.RawMessage, *Response, error)
		status   int
		answer   string
		method   string
		path     string
		query    string
		body     string
		ifMatch  string
		wantData string
	}{
		{"create", func(c *Client) (json.RawMessage, *Response, error) {
			return c.Create(context.Background(), "/activities.json", map[string]any{"type": "TimeEntry", "date": "2026-03-02"}, "id,etag")
		}, 201, `{"data":{"id":9,"etag":"\"e\""}}`, "POST", "/api/v4/activities.json", "fields=id%2Cetag",
			`{"data":{"date":"2026-03-02","type":"TimeEntry"}}`, "", `{"id":9,"etag":"\"e\""}`},
		{"create raw json", func(c *Client) (json.RawMessage, *Response, error) {
			return c.Create(context.Background(), "/tasks.json", json.RawMessage(`{"name":"n"}`), "")
		}, 201, `{"data":{"id":3}}`, "POST", "/api/v4/tasks.json", "", `{"data":{"name":"n"}}`, "", `{"id":3}`},
		{"update with etag", func(c *Client) (json.RawMessage, *Response, error) {
			return c.Update(context.Background(), "/tasks/3.json", map[string]string{"priority": "High"}, `"abc"`, "id")
		}, 200, `{"data":{"id":3}}`, "PATCH", "/api/v4/tasks/3.json", "fields=id", `{"data":{"priority":"High"}}`, `"abc"`, `{"id":3}`},
		{"update without etag", func(c *Client) (json.RawMessage, *Response, error) {
			return c.Update(context.Background(), "/tasks/3.json", map[string]string{}, "", "")
		}, 200, `{"data":{"id":3}}`, "PATCH", "/api/v4/tasks/3.json", "", `{"data":{}}`, "", `{"id":3}`},
		{"get", func(c *Client) (json.RawMessage, *Response, error) {
			return c.Get(context.Background(), "/tasks/3.json", "id,name")
		}, 200, `{"data":{"id":3,"name":"n"}}`, "GET", "/api/v4/tasks/3.json", "fields=id%2Cname", "", "", `{"id":3,"name":"n"}`},
		{"no content", func(c *Client) (json.RawMessage, *Response, error) {
			return c.Get(context.Background(), "/tasks/3.json", "")
		}, 204, ``, "GET", "/api/v4/tasks/3.json", "", "", "", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, reply(tt.status, tt.answer, rl...))
			c := clientFor(t, rec.srv, &fakeTokens{})
			data, resp, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != tt.wantData {
				t.Errorf("data %s, want %s", data, tt.wantData)
			}
			if resp.Status != tt.status || resp.APIVersion != "4.0.10" {
				t.Errorf("status %d version %q", resp.Status, resp.APIVersion)
			}
			want := RateLimit{Limit: 50, Remaining: 49, Reset: time.Unix(1772452860, 0), Known: true}
			if resp.RateLimit != want || c.LastRateLimit() != want {
				t.Errorf("rate limit %+v / last %+v, want %+v", resp.RateLimit, c.LastRateLimit(), want)
			}
			got := rec.requests()[0]
			if got.Method != tt.method || got.Path != tt.path || got.RawQuery != tt.query || got.Body != tt.body {
				t.Errorf("sent %s %s?%s %s", got.Method, got.Path, got.RawQuery, got.Body)
			}
			if got.Header.Get("If-Match") != tt.ifMatch {
				t.Errorf("If-Match %q, want %q", got.Header.Get("If-Match"), tt.ifMatch)
			}
		})
	}
}

func TestUnwrapRejectsOddAnswers(t *testing.T) {
	for _, body := range []string{`<html>hi</html>`, `{"id":3}`} {
		rec := newRecorder(t, reply(200, body))
		c := clientFor(t, rec.srv, &fakeTokens{})
		if _, _, err := c.Get(context.Background(), "/tasks/3.json", ""); err == nil {
			t.Errorf("answer %s accepted", body)
		}
	}
	if _, _, err := NewClient(Options{Host: Host{Root: u(t, "https://app.clio.com")}}).Create(context.Background(), "/x.json", func() {}, ""); err == nil {
		t.Error("an unencodable body was accepted")
	}
}

func TestDoErrors(t *testing.T) {
	tests := []struct {
		name                 string
		answer               http.HandlerFunc
		wantStatus           int
		wantType, wantMsg    string
		wantSnippet          string
		wantRetryAfter       time.Duration
		retryable, permanent bool
	}{
		{"api error", reply(422, `{"error":{"type":"UnprocessableEntity","message":"Date can't be blank"}}`),
			422, "UnprocessableEntity", "Date can't be blank", "", 0, false, true},
		{"oauth error", reply(401, `{"error":"invalid_token","error_description":"expired"}`),
			401, "invalid_token", "expired", "", 0, false, true},
		{"proxy html", reply(502, "<html><head><title>Bad gateway</title></head><body><h1>nginx</h1></body></html>", "Content-Type", "text/html"),
			502, "", "", "Bad gateway nginx", 0, true, false},
		{"rate limited", reply(429, `{"error":{"type":"RateLimited","message":"slow"}}`, "Retry-After", "17", "X-RateLimit-Limit", "50", "X-RateLimit-Remaining", "0"),
			429, "RateLimited", "slow", "", 17 * time.Second, true, false},
		{"server error", reply(500, ``), 500, "", "", "", 0, true, false},
		{"unavailable", reply(503, `{"error":{"type":"Down","message":"maintenance"}}`, "Retry-After", "60"),
			503, "Down", "maintenance", "", time.Minute, true, false},
		{"precondition", reply(412, `{"error":{"type":"PreconditionFailed","message":"stale etag"}}`),
			412, "PreconditionFailed", "stale etag", "", 0, false, true},
		{"gone version", reply(410, `{"error":{"type":"Gone","message":"version retired"}}`),
			410, "Gone", "version retired", "", 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, tt.answer)
			c := clientFor(t, rec.srv, staticTokens{&fakeTokens{}})
			resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/activities.json?access_token=leak", Body: []byte(`{"data":{}}`)})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if ae.Status != tt.wantStatus || ae.Type != tt.wantType || ae.Message != tt.wantMsg || ae.Snippet != tt.wantSnippet || ae.RetryAfter != tt.wantRetryAfter {
				t.Errorf("got %+v", *ae)
			}
			if ae.Method != "POST" || !strings.HasSuffix(ae.URL, "/api/v4/activities.json?access_token=REDACTED") {
				t.Errorf("method/url %s %s", ae.Method, ae.URL)
			}
			if strings.Contains(err.Error(), "leak") || strings.Contains(err.Error(), "tok-") {
				t.Errorf("error shows a secret: %v", err)
			}
			if IsRetryable(err) != tt.retryable || IsPermanent(err) != tt.permanent {
				t.Errorf("retryable %v permanent %v", IsRetryable(err), IsPermanent(err))
			}
			if resp == nil || resp.Status != tt.wantStatus {
				t.Errorf("the answer itself was not returned: %+v", resp)
			}
			if len(rec.requests()) != 1 {
				t.Errorf("%d requests sent, want 1", len(rec.requests()))
			}
		})
	}
}

func TestDroppedConnectionIsRetryable(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.Close()
	})
	c := clientFor(t, rec.srv, &fakeTokens{})
	_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/tasks.json", Body: []byte(`{"data":{}}`)})
	if err == nil {
		t.Fatal("a dropped connection gave no error")
	}
	t.Logf("error: %v", err)
	if !IsRetryable(err) || IsPermanent(err) {
		t.Errorf("dropped connection not retryable: %v", err)
	}
	if !strings.Contains(err.Error(), "POST") || !strings.Contains(err.Error(), "/api/v4/tasks.json") {
		t.Errorf("error does not say which request: %v", err)
	}
}

func TestRefusedConnectionIsRetryable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	c := clientFor(t, srv, &fakeTokens{})
	srv.Close() // nothing listens on the port any more
	_, err := c.Do(context.Background(), Request{Path: "/tasks.json"})
	if err == nil || !IsRetryable(err) {
		t.Errorf("refused connection: %v, retryable %v", err, IsRetryable(err))
	}
}

func TestTimeoutsAndCancellation(t *testing.T) {
	tests := []struct {
		name      string
		timeout   time.Duration // the HTTP client's own
		ctx       func() (context.Context, context.CancelFunc)
		retryable bool
		is        error
	}{
		{"caller cancels", 0, func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, false, context.Canceled},
		{"caller deadline", 0, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 30*time.Millisecond)
		}, false, context.DeadlineExceeded},
		{"client timeout", 30 * time.Millisecond, func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arrived := make(chan struct{}, 1)
			release := make(chan struct{})
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				arrived <- struct{}{}
				select { // hold the answer until the client gives up
				case <-r.Context().Done():
				case <-release:
				}
			})
			defer close(release)
			c := clientFor(t, rec.srv, &fakeTokens{}, func(o *Options) {
				hc := rec.srv.Client()
				hc.Timeout = tt.timeout
				o.HTTPClient = hc
			})
			ctx, cancel := tt.ctx()
			defer cancel()
			if tt.is == context.Canceled {
				go func() { <-arrived; cancel() }()
			}
			_, err := c.Do(ctx, Request{Path: "/tasks.json"})
			if err == nil {
				t.Fatal("no error")
			}
			t.Logf("error: %v", err)
			if IsRetryable(err) != tt.retryable {
				t.Errorf("IsRetryable(%v) = %v, want %v", err, IsRetryable(err), tt.retryable)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("%v is not %v", err, tt.is)
			}
		})
	}
}

func TestUnauthorizedInvalidatesAndRetriesOnce(t *testing.T) {
	tests := []struct {
		name          string
		ts            oauth2.TokenSource
		answers       []int
		wantRequests  int
		wantInvalid   int32
		wantErrStatus int
	}{
		{"fresh token works", &fakeTokens{}, []int{401, 200}, 2, 1, 0},
		{"still refused", &fakeTokens{}, []int{401, 401, 200}, 2, 1, 401},
		{"no invalidate", staticTokens{&fakeTokens{}}, []int{401, 200}, 1, 0, 401},
		{"other errors are not retried", &fakeTokens{}, []int{403, 200}, 1, 0, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				status := tt.answers[min(i, len(tt.answers)-1)]
				reply(status, `{"error":"invalid_token","error_description":"nope"}`)(w, r)
			})
			c := clientFor(t, rec.srv, tt.ts)
			_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/tasks.json", Body: []byte(`{"data":{"name":"x"}}`)})
			reqs := rec.requests()
			if len(reqs) != tt.wantRequests {
				t.Fatalf("%d requests, want %d", len(reqs), tt.wantRequests)
			}
			if ft, ok := tt.ts.(*fakeTokens); ok && ft.invalidations.Load() != tt.wantInvalid {
				t.Errorf("%d invalidations, want %d", ft.invalidations.Load(), tt.wantInvalid)
			}
			if tt.wantRequests == 2 {
				if a, b := reqs[0].Header.Get("Authorization"), reqs[1].Header.Get("Authorization"); a != "Bearer tok-1" || b != "Bearer tok-2" {
					t.Errorf("tokens %q then %q", a, b)
				}
				if reqs[1].Body != reqs[0].Body {
					t.Errorf("retry body %q differs from %q", reqs[1].Body, reqs[0].Body)
				}
			}
			var ae *APIError
			switch {
			case tt.wantErrStatus == 0 && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.wantErrStatus != 0 && (!errors.As(err, &ae) || ae.Status != tt.wantErrStatus):
				t.Errorf("error %v, want status %d", err, tt.wantErrStatus)
			}
		})
	}
}

func TestTokenSourceErrorIsWrapped(t *testing.T) {
	rec := newRecorder(t, reply(200, `{}`))
	cause := errors.New(`no token for credential "work": run cliodest login --name work`)
	c := clientFor(t, rec.srv, &fakeTokens{err: cause})
	_, err := c.Do(context.Background(), Request{Path: "/tasks.json"})
	if !errors.Is(err, cause) || !strings.Contains(err.Error(), "run cliodest login --name work") || !strings.Contains(err.Error(), rec.srv.URL) {
		t.Errorf("error %v", err)
	}
	if len(rec.requests()) != 0 {
		t.Error("a request went out without a token")
	}
	empty := clientFor(t, rec.srv, oauth2.StaticTokenSource(&oauth2.Token{}))
	if _, err := empty.Do(context.Background(), Request{Path: "/tasks.json"}); err == nil {
		t.Error("an empty access token was sent")
	}
}

func TestTokenStaysOnItsHost(t *testing.T) {
	foreign := newRecorder(t, reply(200, `{"data":{}}`))
	home := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v4/redirect.json" {
			http.Redirect(w, r, foreign.srv.URL+"/api/v4/tasks.json", http.StatusFound)
			return
		}
		if r.URL.Path == "/api/v4/local-redirect.json" {
			http.Redirect(w, r, "/api/v4/tasks.json", http.StatusFound)
			return
		}
		reply(200, `{"data":{"ok":true}}`)(w, r)
	})
	c := clientFor(t, home.srv, &fakeTokens{})
	tests := []struct {
		name    string
		path    string
		foreign bool
	}{
		{"absolute on home", home.srv.URL + "/api/v4/tasks.json", false},
		{"absolute elsewhere", foreign.srv.URL + "/api/v4/tasks.json", true},
		{"redirect elsewhere", "/redirect.json", true},
		{"redirect at home", "/local-redirect.json", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Do(context.Background(), Request{Path: tt.path})
			if tt.foreign {
				if !errors.Is(err, ErrForeignHost) {
					t.Fatalf("error %v, want ErrForeignHost", err)
				}
				if !strings.Contains(err.Error(), foreign.srv.URL) || !strings.Contains(err.Error(), home.srv.URL) {
					t.Errorf("error %q does not name both hosts", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
		})
	}
	if n := len(foreign.requests()); n != 0 {
		t.Errorf("the foreign host received %d requests", n)
	}
}

func TestAnswerTooLarge(t *testing.T) {
	rec := newRecorder(t, reply(200, `{"data":"`+strings.Repeat("x", 100)+`"}`))
	c := clientFor(t, rec.srv, &fakeTokens{})
	c.maxBody = 64
	if _, err := c.Do(context.Background(), Request{Path: "/x.json"}); err == nil || !strings.Contains(err.Error(), "larger than 64 bytes") {
		t.Errorf("error %v", err)
	}
}

func TestLastRateLimitConcurrent(t *testing.T) {
	var n atomic.Int32
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		left := 100 - n.Add(1)
		reply(200, `{"data":{}}`, "X-RateLimit-Limit", "100", "X-RateLimit-Remaining", strconv.Itoa(int(left)))(w, r)
	})
	c := clientFor(t, rec.srv, &fakeTokens{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if _, err := c.Do(context.Background(), Request{Path: "/x.json"}); err != nil {
					t.Error(err)
				}
				_ = c.LastRateLimit()
			}
		})
	}
	wg.Wait()
	last := c.LastRateLimit()
	if !last.Known || last.Limit != 100 || last.Remaining < 60 || last.Remaining > 99 {
		t.Errorf("last %+v", last)
	}
	// An answer without the headers keeps the last known state.
	plain := newRecorder(t, reply(200, `{}`))
	c2 := clientFor(t, plain.srv, &fakeTokens{})
	c2.last = last
	if _, err := c2.Do(context.Background(), Request{Path: "/x.json"}); err != nil {
		t.Fatal(err)
	}
	if c2.LastRateLimit() != last {
		t.Errorf("headerless answer replaced the state: %+v", c2.LastRateLimit())
	}
}

func TestDefaultHTTPClient(t *testing.T) {
	c := NewClient(Options{Host: Host{Root: u(t, "https://app.clio.com")}})
	if c.hc.Timeout != DefaultTimeout || c.hc.CheckRedirect == nil {
		t.Errorf("default client %+v", c.hc)
	}
	if c.Host().String() != "https://app.clio.com" {
		t.Errorf("Host %s", c.Host())
	}
	mine := &http.Client{}
	NewClient(Options{Host: c.Host(), HTTPClient: mine})
	if mine.CheckRedirect != nil {
		t.Error("NewClient changed the caller's http.Client")
	}
}
