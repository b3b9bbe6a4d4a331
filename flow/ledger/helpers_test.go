package ledger

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var testDest = Identity{ID: "4f1c2a9e-0000-4000-8000-000000000001", Name: "Time entries"}

// fakeClock is a settable clock, so stored times can be asserted exactly.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openTest opens a fresh ledger in a temporary directory and closes it at
// the end of the test.
func openTest(t testing.TB, clock *fakeClock) (*Ledger, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dest.ledger.db")
	o := options{}
	if clock != nil {
		o.now = clock.Now
	}
	l, err := open(path, testDest, o)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return l, path
}

func mustGet(t *testing.T, l *Ledger, key string) Entry {
	t.Helper()
	e, ok, err := l.Get(key)
	if err != nil {
		t.Fatalf("get %q: %v", key, err)
	}
	if !ok {
		t.Fatalf("get %q: not in the ledger", key)
	}
	return e
}

func mustAbsent(t *testing.T, l *Ledger, key string) {
	t.Helper()
	e, ok, err := l.Get(key)
	if err != nil {
		t.Fatalf("get %q: %v", key, err)
	}
	if ok {
		t.Fatalf("get %q: want absent, got %+v", key, e)
	}
}

// wantStateError checks err is a *StateError about key in state.
func wantStateError(t *testing.T, err error, key string, state State) {
	t.Helper()
	var se *StateError
	if !errors.As(err, &se) {
		t.Fatalf("want *StateError for %q (%q), got %v", key, state, err)
	}
	if se.Key != key || se.State != state {
		t.Fatalf("StateError = {Key:%q State:%q}, want {Key:%q State:%q}", se.Key, se.State, key, state)
	}
}

func mark(key string, pos int, method string) Entry {
	return Entry{Key: key, Pos: pos, Method: method, URL: "https://app.clio.com/api/v4/activities.json", Run: 1}
}
