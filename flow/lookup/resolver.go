package lookup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// Cache keeps found values between runs (the ledger). value is the value
// in its compared form (see the package doc).
type Cache interface {
	Cached(s Spec, value string) (Match, bool, error)
	Remember(s Spec, value string, m Match) error
}

// Gate admits one request to Clio; done is called with its outcome. Delivery
// binds it to its pacer (Acquire, then Observe), so look-ups share the rate
// budget of writes.
type Gate func(ctx context.Context) (done func(err error), err error)

// Options configure a Resolver. Client is required.
type Options struct {
	Client   *clio.Client
	Gate     Gate  // nil: requests are not paced
	Cache    Cache // nil: nothing is kept between runs
	Attempts int   // per request, on 429, 5xx, timeouts and lost connections; 0: 3
	// Backoff is the wait before attempt n (2, 3, …); nil: 250 ms doubling.
	Backoff func(attempt int) time.Duration
}

// Stats count one resolver's work.
type Stats struct {
	Requests  int // look-up requests sent to Clio
	Failures  int // values asked for that could not be resolved (one per record)
	CacheHits int // distinct values found in the Cache
}

// Resolver turns values into Clio IDs, each distinct value at most once.
// Safe for concurrent use; look-ups are made one at a time.
type Resolver struct {
	o         Options
	mu        sync.Mutex
	memo      map[string]outcome
	lists     map[string][]object              // collections listed in full
	fields    map[string][]clio.CustomField    // custom fields listed, per parent type
	named     map[string]map[string]namedField // custom field names matched, per parent type
	fieldErrs map[string]error                 // custom field listings that failed, per parent type
	stats     Stats
}

type outcome struct {
	m   Match
	err error
}

// object is one listed object: its id and the attributes compared.
type object struct {
	id    int64
	attrs map[string]string
}

// NewResolver makes a resolver for one run (or one preview).
func NewResolver(o Options) *Resolver {
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Backoff == nil {
		o.Backoff = func(n int) time.Duration { return 250 * time.Millisecond << (n - 2) }
	}
	return &Resolver{o: o, memo: map[string]outcome{}, lists: map[string][]object{},
		fields: map[string][]clio.CustomField{}, named: map[string]map[string]namedField{}, fieldErrs: map[string]error{}}
}

// Stats returns the counts so far.
func (r *Resolver) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Resolve finds the ID of the one object of s whose field equals v. A blank
// v is ErrBlank; a value found by no object is a *NotFoundError, by several
// an *AmbiguousError; a failed request is returned with its reason.
func (r *Resolver) Resolve(ctx context.Context, s Spec, v any) (Match, error) {
	raw, err := Text(v)
	if err != nil {
		return Match{}, err
	}
	col, ok := collections[s.Collection]
	f, ok2 := col.fields[s.Field]
	if !ok || !ok2 {
		_, err := Parse(s.Collection + "." + s.Field)
		return Match{}, err
	}
	value := normal(f.rule, raw)
	key := s.String() + "\x00" + value
	r.mu.Lock()
	defer r.mu.Unlock()
	out, ok := r.memo[key]
	if !ok {
		out = r.find(ctx, s, col, f, raw, value)
		if out.err == nil || ctx.Err() == nil { // an interrupted look-up is asked again
			r.memo[key] = out
		}
	}
	if out.err != nil {
		r.stats.Failures++
	}
	return out.m, out.err
}

// find looks one value up: the cache, then Clio. Called with r.mu held.
func (r *Resolver) find(ctx context.Context, s Spec, col collection, f field, raw, value string) outcome {
	if r.o.Cache != nil {
		m, ok, err := r.o.Cache.Cached(s, value)
		if err != nil {
			return outcome{err: fmt.Errorf("reading the look-up cache: %w", err)}
		}
		if ok {
			r.stats.CacheHits++
			return outcome{m: m}
		}
	}
	objs, err := r.candidates(ctx, s, col, f, raw)
	if err != nil {
		return outcome{err: &RequestError{fmt.Errorf("looking up %q in %s by %s: %w", raw, s.Collection, s.Field, err)}}
	}
	var found []Match
	for _, o := range objs {
		if normal(f.rule, o.attrs[f.attr]) == value {
			found = append(found, Match{ID: o.id, Label: o.attrs[col.label], ETag: o.attrs["etag"]})
		}
	}
	m, err := pick(s, raw, found)
	if err != nil {
		return outcome{err: err}
	}
	if r.o.Cache != nil {
		if err := r.o.Cache.Remember(s, value, m); err != nil {
			return outcome{err: fmt.Errorf("keeping the look-up in the cache: %w", err)}
		}
	}
	return outcome{m: m}
}

// candidates are the objects Clio offers for a value: the whole collection
// (listed once), or the answer to query=VALUE.
func (r *Resolver) candidates(ctx context.Context, s Spec, col collection, f field, raw string) ([]object, error) {
	q := url.Values{}
	if f.search {
		q.Set("query", strings.TrimSpace(raw))
		q.Set("fields", fieldsParam(col.label, f.attr))
	} else {
		if objs, ok := r.lists[s.Collection]; ok {
			return objs, nil
		}
		attrs := []string{col.label}
		for _, g := range col.fields {
			attrs = append(attrs, g.attr)
		}
		q.Set("fields", fieldsParam(attrs...))
	}
	if col.noOrder {
		q.Set("order", "")
	}
	objs, err := r.list(ctx, col.path, q)
	if err == nil && !f.search {
		r.lists[s.Collection] = objs
	}
	return objs, err
}

// fieldsParam is fields= for attrs: id and etag first (find-or-create
// updates the object found with If-Match), then each once, sorted, so the
// same look-up asks the same on every run.
func fieldsParam(attrs ...string) string {
	slices.Sort(attrs)
	return "id,etag," + strings.Join(slices.Compact(attrs), ",")
}

// list reads every page of a list endpoint, each page through the gate.
func (r *Resolver) list(ctx context.Context, path string, q url.Values) ([]object, error) {
	raws, err := r.listRaw(ctx, path, q)
	if err != nil {
		return nil, err
	}
	out := make([]object, 0, len(raws))
	for _, raw := range raws {
		o, err := decode(raw)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// listRaw reads every page of a list endpoint, each page through the gate.
func (r *Resolver) listRaw(ctx context.Context, path string, q url.Values) ([]json.RawMessage, error) {
	if r.o.Client == nil {
		return nil, errors.New("no Clio client to look up with")
	}
	pg := r.o.Client.Pages(path, q)
	var out []json.RawMessage
	for {
		items, more, err := r.page(ctx, pg)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if !more {
			return out, nil
		}
	}
}

// page asks for one page, retrying what may succeed later.
func (r *Resolver) page(ctx context.Context, pg *clio.Pager) ([]json.RawMessage, bool, error) {
	for attempt := 1; ; attempt++ {
		done := func(error) {}
		if r.o.Gate != nil {
			d, err := r.o.Gate(ctx)
			if err != nil {
				return nil, false, err
			}
			done = d
		}
		items, more, err := pg.Next(ctx)
		done(err)
		r.stats.Requests++
		if err == nil || !clio.IsRetryable(err) || attempt >= r.o.Attempts {
			if err != nil && attempt > 1 {
				err = fmt.Errorf("gave up after %d attempts: %w", attempt, err)
			}
			return items, more, err
		}
		t := time.NewTimer(r.o.Backoff(attempt + 1))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, false, err
		case <-t.C:
		}
	}
}

// decode reads one listed object: its id exactly (never through a float)
// and its text attributes.
func decode(raw json.RawMessage) (object, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return object{}, fmt.Errorf("an entry is not an object (%q)", clio.Snippet(raw))
	}
	id, err := strconv.ParseInt(strings.TrimSpace(string(m["id"])), 10, 64)
	if err != nil || id <= 0 {
		return object{}, fmt.Errorf("an entry has no numeric id (%q)", clio.Snippet(raw))
	}
	o := object{id: id, attrs: map[string]string{}}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			o.attrs[k] = s
		}
	}
	return o, nil
}
