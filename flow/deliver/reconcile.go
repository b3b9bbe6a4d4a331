package deliver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cliodest/cliodest/flow/ledger"
)

// errFound stops a listing at the first match.
var errFound = errors.New("found")

// settleDoubt looks for the object an in-doubt POST may have created: the
// collection it was posted to, listed since the record was first tried,
// compared on the scalar attributes the body sent. Found (and not already
// held by another record), the record is delivered with that id and done is
// true. Not found, done is false and the caller sends it. When the lookup
// itself fails the record goes back to in doubt with the reason (done).
func (e *engine) settleDoubt(j *job, since time.Time) (done bool, err error) {
	c, it := j.call, j.items[0]
	fields := e.comparable(it.Data)
	if len(fields) == 0 {
		e.record(c, ledger.InDoubt, 0, nil, errors.New("cannot be checked in Clio (no plain attribute to compare): decide by hand"))
		return true, nil
	}
	path, _, _ := strings.Cut(c.Path, "?")
	q := url.Values{
		"fields":        {"id," + strings.Join(fields, ",")},
		"created_since": {since.Add(-time.Minute).UTC().Format(time.RFC3339)},
	}
	t, err := e.o.Pacer.Acquire(e.waitCtx)
	if err != nil {
		e.record(c, ledger.InDoubt, 0, nil, fmt.Errorf("not checked: %w", err))
		return true, err
	}
	var found int64
	lerr := e.o.Client.List(e.sendCtx, path, q, func(raw json.RawMessage) error {
		var obj map[string]any
		if json.Unmarshal(raw, &obj) != nil {
			return nil
		}
		for _, f := range fields {
			if !sameValue(it.Data[f], obj[f]) {
				return nil
			}
		}
		id, _ := obj["id"].(float64)
		if id <= 0 {
			return nil
		}
		e.mu.Lock()
		taken := e.claimed[int64(id)]
		e.mu.Unlock()
		if taken {
			return nil
		}
		if held, err := e.o.Ledger.DeliveredAs(int64(id)); err != nil || held {
			return err
		}
		found = int64(id)
		return errFound
	})
	rl := e.o.Client.LastRateLimit()
	rl.RetryAfter = 0
	e.o.Pacer.Observe(t, rl)
	e.count(func(s *Summary) { s.Requests++ })
	if lerr != nil && !errors.Is(lerr, errFound) {
		e.record(c, ledger.InDoubt, 0, nil, fmt.Errorf("could not be checked in Clio: %w", lerr))
		if why := e.tokenRefused(lerr); why != "" {
			e.stopRun(why)
		} else {
			e.observe(statusOf(lerr), lerr)
		}
		return true, nil
	}
	e.observe(http.StatusOK, nil)
	if found == 0 {
		return false, nil
	}
	e.mu.Lock()
	e.claimed[found] = true
	e.mu.Unlock()
	body, _ := json.Marshal(map[string]any{"data": map[string]any{"id": found}})
	e.count(func(s *Summary) { s.Reconciled++ })
	e.record(c, ledger.Delivered, 0, body, nil)
	return true, nil
}

// comparable lists the body's top-level scalar attributes that the
// endpoint documents, which Clio can return through fields=.
func (e *engine) comparable(data map[string]any) []string {
	op := e.planner.Operation()
	if op == nil || op.Data == nil {
		return nil
	}
	var out []string
	for k, v := range data {
		switch v.(type) {
		case string, bool, int64, float64, int:
		default:
			continue
		}
		if a := op.Data.Prop(k); a != nil && a.Type != "object" && a.Type != "array" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// sameValue compares a sent value with Clio's: numbers numerically,
// times as instants, the rest exactly.
func sameValue(sent, got any) bool {
	switch s := sent.(type) {
	case int64:
		g, ok := got.(float64)
		return ok && float64(s) == g
	case int:
		g, ok := got.(float64)
		return ok && float64(s) == g
	case float64:
		g, ok := got.(float64)
		return ok && s == g
	case bool:
		g, ok := got.(bool)
		return ok && s == g
	case string:
		g, ok := got.(string)
		if !ok {
			return false
		}
		if s == g {
			return true
		}
		ts, err1 := time.Parse(time.RFC3339, s)
		tg, err2 := time.Parse(time.RFC3339, g)
		return err1 == nil && err2 == nil && ts.Equal(tg)
	}
	return false
}
