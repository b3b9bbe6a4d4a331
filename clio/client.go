package clio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Defaults of the HTTP side of a Client.
const (
	DefaultUserAgent = "cliodest/dev"
	DefaultTimeout   = 60 * time.Second
	// MaxResponseBytes caps a response body; Clio's pages of 200 objects are
	// far smaller, so more means something is wrong.
	MaxResponseBytes = 32 << 20
)

// ErrForeignHost is wrapped by errors for requests (and redirects or paging
// links) aimed at a host other than the Client's: the token stays home.
var ErrForeignHost = errors.New("refusing to send a request to another host: a credential is bound to its Clio host")

// Options configure a Client.
type Options struct {
	Host        Host
	TokenSource oauth2.TokenSource // nil sends no Authorization header
	APIVersion  string             // "" means DefaultAPIVersion
	UserAgent   string             // "" means DefaultUserAgent
	HTTPClient  *http.Client       // nil means a client with DefaultTimeout
}

// Client sends requests to one Clio host. It is safe for concurrent use.
type Client struct {
	host    Host
	ts      oauth2.TokenSource
	version string
	agent   string
	hc      *http.Client
	maxBody int64 // MaxResponseBytes; smaller in tests

	mu   sync.Mutex
	last RateLimit
}

// invalidator is what a token source implements when it can drop a token
// Clio rejected and fetch a fresh one on the next Token call.
type invalidator interface{ Invalidate() }

// Request is one HTTP exchange with Clio.
type Request struct {
	Method  string     // "" means GET
	Path    string     // "/activities.json" under APIBase, or an absolute URL on the Client's Host
	Query   url.Values // merged into the path's own query, replacing same-named keys
	Header  http.Header
	Body    []byte // sent as-is
	IfMatch string // the object's etag, for optimistic locking
}

// Response is Clio's answer, body read in full.
type Response struct {
	Status     int
	Header     http.Header
	Body       []byte
	RateLimit  RateLimit
	APIVersion string // the X-API-VERSION Clio says it used
}

// NewClient builds a Client. With no HTTPClient it uses its own, with a 60 s
// timeout and a connection pool sized for parallel delivery. Redirects are
// followed only within the Client's Host.
func NewClient(o Options) *Client {
	c := &Client{host: o.Host, ts: o.TokenSource, version: o.APIVersion, agent: o.UserAgent, maxBody: MaxResponseBytes}
	if c.version == "" {
		c.version = DefaultAPIVersion
	}
	if c.agent == "" {
		c.agent = DefaultUserAgent
	}
	if o.HTTPClient != nil {
		hc := *o.HTTPClient // a copy, so adding the redirect guard leaves the caller's alone
		c.hc = &hc
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 16
		c.hc = &http.Client{Timeout: DefaultTimeout, Transport: tr}
	}
	if c.hc.CheckRedirect == nil {
		c.hc.CheckRedirect = c.checkRedirect
	}
	return c
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if !c.host.Same(req.URL) {
		return fmt.Errorf("redirect from %s to %s: %w", c.host, redactURL(req.URL), ErrForeignHost)
	}
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// Host is the host this Client talks to.
func (c *Client) Host() Host { return c.host }

// LastRateLimit is the rate-limit state of the most recent answer that carried
// rate-limit headers.
func (c *Client) LastRateLimit() RateLimit {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Do sends r and reads the whole answer. A non-2xx answer is returned with an
// *APIError. A 401 makes the token source (when it can) drop its token, and
// the request is sent once more with a fresh one.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	method := strings.ToUpper(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	u, err := c.resolve(r.Path, r.Query)
	if err != nil {
		return nil, err
	}
	return c.send(ctx, method, u, r)
}

func (c *Client) send(ctx context.Context, method string, u *url.URL, r Request) (*Response, error) {
	inv, canInvalidate := c.ts.(invalidator)
	for attempt := 0; ; attempt++ {
		resp, err := c.once(ctx, method, u, r)
		if err != nil {
			return resp, err
		}
		if resp.Status >= 200 && resp.Status <= 299 {
			return resp, nil
		}
		if resp.Status == http.StatusUnauthorized && canInvalidate && attempt == 0 {
			inv.Invalidate()
			continue
		}
		e := ParseError(resp.Status, resp.Header, resp.Body)
		e.Method, e.URL = method, redactURL(u)
		return resp, e
	}
}

// once performs one HTTP exchange; transport failures come back as errors,
// any HTTP answer as a Response.
func (c *Client) once(ctx context.Context, method string, u *url.URL, r Request) (*Response, error) {
	where := method + " " + redactURL(u)
	var body io.Reader
	if len(r.Body) > 0 {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("clio: build %s: %w", where, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.agent)
	req.Header.Set("X-API-VERSION", c.version)
	if len(r.Body) > 0 {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.IfMatch != "" {
		req.Header.Set("IF-MATCH", r.IfMatch)
	}
	for k, vs := range r.Header { // the caller's headers win over the defaults
		req.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	if c.ts != nil {
		tok, err := c.ts.Token()
		if err != nil {
			return nil, fmt.Errorf("clio: get an access token for %s: %w", c.host, err)
		}
		if tok == nil || tok.AccessToken == "" {
			return nil, fmt.Errorf("clio: the token source for %s gave an empty access token", c.host)
		}
		tok.SetAuthHeader(req)
	}

	hr, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, where, err)
	}
	defer hr.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hr.Body, c.maxBody+1))
	if err != nil {
		return nil, c.transportError(ctx, where, fmt.Errorf("read the answer: %w", err))
	}
	if int64(len(data)) > c.maxBody {
		return nil, fmt.Errorf("clio: %s: the answer is larger than %d bytes", where, c.maxBody)
	}
	resp := &Response{
		Status:     hr.StatusCode,
		Header:     hr.Header,
		Body:       data,
		RateLimit:  ParseRateLimit(hr.Header),
		APIVersion: hr.Header.Get("X-API-VERSION"),
	}
	if resp.RateLimit.Known || resp.RateLimit.RetryAfter > 0 {
		c.mu.Lock()
		c.last = resp.RateLimit
		c.mu.Unlock()
	}
	return resp, nil
}

// transportError wraps a failure without an HTTP answer. url.Error is peeled
// off because it repeats the full URL; when the caller's context has ended,
// the error is marked so IsRetryable says no.
func (c *Client) transportError(ctx context.Context, where string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = fmt.Errorf("the connection closed before the answer was complete: %w", err)
	}
	wrapped := fmt.Errorf("clio: %s: %w", where, err)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return &callerDoneError{ctxErr: ctxErr, err: wrapped}
	}
	return wrapped
}

// resolve turns a Request path into a URL on the Client's host.
func (c *Client) resolve(path string, q url.Values) (*url.URL, error) {
	if c.host.Root == nil {
		return nil, errors.New("clio: the client has no host")
	}
	ref, err := url.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("clio: request path %q: %w", path, err)
	}
	var u *url.URL
	if ref.IsAbs() {
		if !c.host.Same(ref) {
			return nil, fmt.Errorf("clio: %s is not on %s: %w", redactURL(&url.URL{Scheme: ref.Scheme, Host: ref.Host, Path: ref.Path}), c.host, ErrForeignHost)
		}
		if ref.User != nil {
			return nil, fmt.Errorf("clio: request URL %s carries user info", redactURL(ref))
		}
		u = ref
	} else {
		if ref.Host != "" {
			return nil, fmt.Errorf("clio: request path %q names a host: %w", path, ErrForeignHost)
		}
		if !strings.HasPrefix(ref.Path, "/") {
			return nil, fmt.Errorf("clio: request path %q must start with /", path)
		}
		base, _ := url.Parse(c.host.APIBase())
		if ref.Path == "/api/v4" || strings.HasPrefix(ref.Path, "/api/v4/") {
			base, _ = url.Parse(c.host.String()) // already a full API path
		}
		u = base.JoinPath(ref.Path)
		u.RawQuery = ref.RawQuery
	}
	if len(q) > 0 {
		merged := u.Query()
		for k, vs := range q {
			merged[k] = vs
		}
		u.RawQuery = merged.Encode()
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// envelope is Clio's body shape in both directions.
type envelope struct {
	Data json.RawMessage `json:"data"`
}

// Create POSTs {"data": data} to path and returns the created object's data.
// fields, when not "", selects what Clio returns (e.g. "id,etag").
func (c *Client) Create(ctx context.Context, path string, data any, fields string) (json.RawMessage, *Response, error) {
	return c.write(ctx, http.MethodPost, path, data, "", fields)
}

// Update PATCHes {"data": data} to path, with IF-MATCH when etag is not "".
func (c *Client) Update(ctx context.Context, path string, data any, etag, fields string) (json.RawMessage, *Response, error) {
	return c.write(ctx, http.MethodPatch, path, data, etag, fields)
}

func (c *Client) write(ctx context.Context, method, path string, data any, etag, fields string) (json.RawMessage, *Response, error) {
	body, err := json.Marshal(struct {
		Data any `json:"data"`
	}{data})
	if err != nil {
		return nil, nil, fmt.Errorf("clio: encode the body of %s %s: %w", method, path, err)
	}
	resp, err := c.Do(ctx, Request{Method: method, Path: path, Query: fieldsQuery(fields), Body: body, IfMatch: etag})
	if err != nil {
		return nil, resp, err
	}
	out, err := unwrap(resp, method, path)
	return out, resp, err
}

// Get reads one object and returns its data.
func (c *Client) Get(ctx context.Context, path string, fields string) (json.RawMessage, *Response, error) {
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: path, Query: fieldsQuery(fields)})
	if err != nil {
		return nil, resp, err
	}
	out, err := unwrap(resp, http.MethodGet, path)
	return out, resp, err
}

func fieldsQuery(fields string) url.Values {
	if fields == "" {
		return nil
	}
	return url.Values{"fields": {fields}}
}

// unwrap takes "data" out of Clio's envelope. An empty body (204) is no data.
func unwrap(resp *Response, method, path string) (json.RawMessage, error) {
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		return nil, nil
	}
	var env envelope
	if err := json.Unmarshal(resp.Body, &env); err != nil {
		return nil, fmt.Errorf("clio: %s %s answered %d with a body that is not JSON (%q): %w", method, path, resp.Status, Snippet(resp.Body), err)
	}
	if env.Data == nil {
		return nil, fmt.Errorf("clio: %s %s answered %d without \"data\": %q", method, path, resp.Status, Snippet(resp.Body))
	}
	return env.Data, nil
}
