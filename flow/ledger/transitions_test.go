package ledger

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// step is one call on the ledger in a transition scenario.
type step struct {
	mark    []Entry
	record  []Outcome
	reject  []Entry
	recover bool
	// wantErr: "" none; "state:KEY:STATE" a *StateError; else a substring.
	wantErr string
}

func (s step) run(l *Ledger) error {
	switch {
	case s.mark != nil:
		return l.MarkInFlight(s.mark)
	case s.record != nil:
		return l.Record(s.record)
	case s.reject != nil:
		return l.Reject(s.reject)
	case s.recover:
		_, err := l.RecoverInFlight()
		return err
	}
	return nil
}

func TestTransitions(t *testing.T) {
	delivered := func(k string, id int64) []Outcome {
		return []Outcome{{Key: k, State: Delivered, HTTPStatus: 201, ClioID: id}}
	}
	tests := []struct {
		name  string
		steps []step
		key   string
		want  Entry // State, Attempts, Method, HTTPStatus, ClioID, ErrType, ErrMessage compared; State "" = absent
	}{
		{
			name:  "mark then deliver",
			steps: []step{{mark: []Entry{mark("a", 1, "post")}}, {record: delivered("a", 42)}},
			key:   "a",
			want:  Entry{State: Delivered, Attempts: 1, Method: "POST", HTTPStatus: 201, ClioID: 42},
		},
		{
			name: "delivered is never marked again",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}}, {record: delivered("a", 42)},
				{mark: []Entry{mark("a", 1, "POST")}, wantErr: "state:a:delivered"},
			},
			key:  "a",
			want: Entry{State: Delivered, Attempts: 1, Method: "POST", HTTPStatus: 201, ClioID: 42},
		},
		{
			name: "in flight is not marked twice",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}},
				{mark: []Entry{mark("a", 1, "POST")}, wantErr: "state:a:in_flight"},
			},
			key:  "a",
			want: Entry{State: InFlight, Attempts: 1, Method: "POST"},
		},
		{
			name:  "no outcome without a mark",
			steps: []step{{record: delivered("a", 1), wantErr: "state:a:"}},
			key:   "a",
		},
		{
			name: "retryable failure goes back to pending, then delivers",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}},
				{record: []Outcome{{Key: "a", State: Pending, HTTPStatus: 429, ErrType: "RateLimited", ErrMessage: "slow down"}}},
				{mark: []Entry{mark("a", 1, "POST")}},
				{record: delivered("a", 9)},
			},
			key:  "a",
			want: Entry{State: Delivered, Attempts: 2, Method: "POST", HTTPStatus: 201, ClioID: 9},
		},
		{
			name: "failure keeps its reason",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}},
				{record: []Outcome{{Key: "a", State: Failed, HTTPStatus: 422, ErrType: "ValidationError", ErrMessage: "data.date is required"}}},
			},
			key:  "a",
			want: Entry{State: Failed, Attempts: 1, Method: "POST", HTTPStatus: 422, ErrType: "ValidationError", ErrMessage: "data.date is required"},
		},
		{
			name: "retry of a failure clears the old reason",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}},
				{record: []Outcome{{Key: "a", State: Failed, HTTPStatus: 422, ErrType: "ValidationError", ErrMessage: "bad"}}},
				{mark: []Entry{mark("a", 1, "POST")}},
			},
			key:  "a",
			want: Entry{State: InFlight, Attempts: 2, Method: "POST"},
		},
		{
			name: "in doubt may be marked again (the engine decides)",
			steps: []step{
				{mark: []Entry{mark("a", 1, "PATCH")}},
				{record: []Outcome{{Key: "a", State: InDoubt, ErrType: "timeout", ErrMessage: "no answer in 30s"}}},
				{mark: []Entry{mark("a", 1, "PATCH")}},
				{record: []Outcome{{Key: "a", State: Delivered, HTTPStatus: 200}}},
			},
			key:  "a",
			want: Entry{State: Delivered, Attempts: 2, Method: "PATCH", HTTPStatus: 200},
		},
		{
			name: "an update keeps its known Clio id when the answer has none",
			steps: []step{
				{mark: []Entry{mark("a", 1, "PATCH")}},
				{record: []Outcome{{Key: "a", State: Failed, HTTPStatus: 409, ClioID: 55, ErrType: "Conflict", ErrMessage: "etag"}}},
				{mark: []Entry{mark("a", 1, "PATCH")}},
				{record: []Outcome{{Key: "a", State: Delivered, HTTPStatus: 200}}},
			},
			key:  "a",
			want: Entry{State: Delivered, Attempts: 2, Method: "PATCH", HTTPStatus: 200, ClioID: 55},
		},
		{
			name:  "rejected before sending",
			steps: []step{{reject: []Entry{{Key: "a", Pos: 3, ErrType: "mapping", ErrMessage: "line 3: hours is not a number"}}}},
			key:   "a",
			want:  Entry{State: Failed, Attempts: 0, ErrType: "mapping", ErrMessage: "line 3: hours is not a number"},
		},
		{
			name: "a delivered record cannot be rejected",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}}, {record: delivered("a", 1)},
				{reject: []Entry{{Key: "a", ErrMessage: "x"}}, wantErr: "state:a:delivered"},
			},
			key:  "a",
			want: Entry{State: Delivered, Attempts: 1, Method: "POST", HTTPStatus: 201, ClioID: 1},
		},
		{
			name: "recover turns in flight into in doubt, method kept",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}},
				{recover: true},
			},
			key:  "a",
			want: Entry{State: InDoubt, Attempts: 1, Method: "POST", ErrMessage: InFlightLost},
		},
		{
			name: "a refused item undoes its whole call",
			steps: []step{
				{mark: []Entry{mark("b", 2, "POST")}}, {record: delivered("b", 1)},
				{mark: []Entry{mark("a", 1, "POST"), mark("b", 2, "POST")}, wantErr: "state:b:delivered"},
			},
			key: "a",
		},
		{
			name: "a refused outcome undoes its whole call",
			steps: []step{
				{mark: []Entry{mark("a", 1, "POST")}},
				{record: append(delivered("a", 1), Outcome{Key: "zz", State: Delivered}), wantErr: "state:zz:"},
			},
			key:  "a",
			want: Entry{State: InFlight, Attempts: 1, Method: "POST"},
		},
		{
			name:  "outcome cannot be in flight",
			steps: []step{{mark: []Entry{mark("a", 1, "POST")}}, {record: []Outcome{{Key: "a", State: InFlight}}, wantErr: "an outcome is"}},
			key:   "a",
			want:  Entry{State: InFlight, Attempts: 1, Method: "POST"},
		},
		{
			name:  "one key twice in a call",
			steps: []step{{mark: []Entry{mark("a", 1, "POST"), mark("a", 1, "POST")}, wantErr: "share the key"}},
			key:   "a",
		},
		{
			name:  "empty key",
			steps: []step{{mark: []Entry{mark("", 1, "POST")}, wantErr: "empty key"}},
			key:   "a",
		},
		{
			name:  "no method",
			steps: []step{{mark: []Entry{mark("a", 1, "")}, wantErr: "no HTTP method"}},
			key:   "a",
		},
		{
			name:  "reject without a reason",
			steps: []step{{reject: []Entry{{Key: "a"}}, wantErr: "no error message"}},
			key:   "a",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := openTest(t, nil)
			for i, s := range tt.steps {
				err := s.run(l)
				switch {
				case s.wantErr == "":
					if err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
				case strings.HasPrefix(s.wantErr, "state:"):
					parts := strings.SplitN(s.wantErr, ":", 3)
					wantStateError(t, err, parts[1], State(parts[2]))
				default:
					if err == nil || !strings.Contains(err.Error(), s.wantErr) {
						t.Fatalf("step %d: error %v, want one containing %q", i, err, s.wantErr)
					}
				}
			}
			if tt.want.State == "" {
				mustAbsent(t, l, tt.key)
				return
			}
			got := mustGet(t, l, tt.key)
			got.Key, got.Pos, got.URL, got.Run, got.CreatedAt, got.UpdatedAt = "", 0, "", 0, time.Time{}, time.Time{}
			if got != tt.want {
				t.Fatalf("entry\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestEntryFieldsStored(t *testing.T) {
	clock := newFakeClock()
	l, _ := openTest(t, clock)
	created := clock.Now()
	err := l.MarkInFlight([]Entry{{
		Key: "k1", Pos: 17, Method: "POST", Run: 3,
		URL: "https://alice:s3cret@app.clio.com/api/v4/activities.json?fields=id,etag&access_token=tok123",
	}})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(1500 * time.Millisecond)
	long := strings.Repeat("é", maxErrMessage) // 2 bytes a rune: must be cut on a rune boundary
	if err := l.Record([]Outcome{{Key: "k1", State: Failed, HTTPStatus: 500, ErrType: "ServerError", ErrMessage: long}}); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, l, "k1")
	if e.Pos != 17 || e.Run != 3 {
		t.Errorf("pos, run = %d, %d; want 17, 3", e.Pos, e.Run)
	}
	if strings.Contains(e.URL, "s3cret") || strings.Contains(e.URL, "alice") || strings.Contains(e.URL, "tok123") {
		t.Errorf("URL kept a secret: %s", e.URL)
	}
	if !strings.Contains(e.URL, "fields=id%2Cetag") || !strings.HasPrefix(e.URL, "https://app.clio.com/api/v4/activities.json?") {
		t.Errorf("URL lost its non-secret parts: %s", e.URL)
	}
	if len(e.ErrMessage) > maxErrMessage || !strings.HasSuffix(e.ErrMessage, "…") || !strings.HasPrefix(e.ErrMessage, "éé") {
		t.Errorf("message not truncated cleanly: %d bytes, ends %q", len(e.ErrMessage), e.ErrMessage[len(e.ErrMessage)-8:])
	}
	if !e.CreatedAt.Equal(created) || !e.UpdatedAt.Equal(created.Add(1500*time.Millisecond)) {
		t.Errorf("created, updated = %v, %v; want %v, %v", e.CreatedAt, e.UpdatedAt, created, created.Add(1500*time.Millisecond))
	}
}

func TestSanitizeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://app.clio.com/api/v4/tasks/12.json", "https://app.clio.com/api/v4/tasks/12.json"},
		{"https://app.clio.com/api/v4/tasks.json?fields=id&order=id(asc)", "https://app.clio.com/api/v4/tasks.json?fields=id&order=id(asc)"},
		{"https://u:p@h/x?client_secret=abc", "https://h/x?client_secret=REDACTED"},
		{"https://h/x?Refresh_Token=abc#frag", "https://h/x?Refresh_Token=REDACTED"},
		{"://bad url?token=abc", "://bad url"},
	}
	for _, tt := range tests {
		if got := sanitizeURL(tt.in); got != tt.want {
			t.Errorf("sanitizeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClosedLedger(t *testing.T) {
	l, err := Open(t.TempDir()+"/d.ledger.db", testDest)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	calls := map[string]error{
		"MarkInFlight": l.MarkInFlight([]Entry{mark("a", 1, "POST")}),
		"Record":       l.Record([]Outcome{{Key: "a", State: Delivered}}),
	}
	_, calls["States"] = l.States([]string{"a"})
	_, calls["Counts"] = l.Counts()
	_, calls["RecoverInFlight"] = l.RecoverInFlight()
	_, calls["StartRun"] = l.StartRun(ModeActivate)
	_, calls["LastRun"] = l.LastRun()
	for name, err := range calls {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}
