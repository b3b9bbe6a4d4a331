package lookup

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

type logBuf struct{ sandbox.LogRecorder }

// paths are the API requests the sandbox has seen, with their queries.
func (l *logBuf) paths(t *testing.T) []string {
	t.Helper()
	es, err := l.Entries()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Path)
	}
	return out
}

func newSandbox(t testing.TB, cfg sandbox.Config) (*clio.Client, *logBuf) {
	t.Helper()
	log := &logBuf{}
	cfg.Log = log
	if cfg.RateLimit == 0 {
		cfg.RateLimit = -1
	}
	sb := sandbox.New(cfg)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()})
	return c, log
}

func spec(t *testing.T, s string) Spec {
	t.Helper()
	sp, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestParse(t *testing.T) {
	for _, ok := range Supported() {
		if _, err := Parse(Prefix + ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"lookup:matters.number", "lookup:bills.id", "lookup:matters", "lookup:"} {
		_, err := Parse(bad)
		if err == nil || !strings.Contains(err.Error(), "matters.display_number") || !strings.Contains(err.Error(), "users.email") {
			t.Errorf("Parse(%q) = %v, want a refusal listing what is supported", bad, err)
		}
	}
	if err := CheckTarget("matter.id"); err != nil {
		t.Error(err)
	}
	if err := CheckTarget("note"); err == nil {
		t.Error("a lookup into note was accepted")
	}
	if got := Fitting("matter.id"); len(got) != 1 || got[0].String() != "lookup:matters.display_number" {
		t.Errorf("Fitting(matter.id) = %v", got)
	}
}

// TestExactMatching: Clio's query finds near-misses; only exact values count.
func TestExactMatching(t *testing.T) {
	c, _ := newSandbox(t, sandbox.Config{})
	r := NewResolver(Options{Client: c})
	ctx := context.Background()
	cases := []struct {
		spec  string
		value any
		want  int64
		err   string
	}{
		{"lookup:matters.display_number", "00042-Whitfield", sandbox.MatterWhitfield, ""},
		{"lookup:matters.display_number", "00042-Whitfield Estate", sandbox.MatterWhitfieldEstate, ""},
		{"lookup:matters.display_number", "100042-Marsh", sandbox.MatterMarsh, ""},
		{"lookup:matters.display_number", "00042", 0, "no matter with display_number 00042"},
		{"lookup:matters.display_number", "00042-whitfield", 0, "no matter with display_number 00042-whitfield"},
		{"lookup:matters.display_number", "00099-Nobody", 0, "no matter with display_number 00099-Nobody"},
		{"lookup:users.email", "MARCUS@Firm.example ", sandbox.UserMarcus, ""},
		{"lookup:users.email", "marcus@firm", 0, "no user with email marcus@firm"},
		{"lookup:users.name", "  priya patel", sandbox.UserPriya, ""},
		{"lookup:contacts.email", "eleanor.whitfield@MAIL.example", sandbox.ContactWhitfield, ""},
		{"lookup:contacts.name", "j. smith", 0, "2 contacts have name j. smith: 2008 (J. Smith), 2009 (J. Smith)"},
		{"lookup:contacts.email", "j.smith@other.example", sandbox.ContactJSmithB, ""},
		{"lookup:activity_descriptions.name", "client MEETING", sandbox.DescClientMeeting, ""},
		{"lookup:expense_categories.name", "Courier", sandbox.ExpenseCourier, ""},
		{"lookup:task_types.name", "follow-up", sandbox.TaskTypeFollowUp, ""},
		{"lookup:task_types.name", "Follow", 0, "no task type with name Follow"},
	}
	for _, tc := range cases {
		m, err := r.Resolve(ctx, spec(t, tc.spec), tc.value)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s %q: %v, %v; want error %q", tc.spec, tc.value, m, err, tc.err)
		case tc.err == "" && (err != nil || m.ID != tc.want):
			t.Errorf("%s %q: %v, %v; want %d", tc.spec, tc.value, m, err, tc.want)
		}
	}
	var amb *AmbiguousError
	if _, err := r.Resolve(ctx, spec(t, "lookup:contacts.name"), "J. Smith"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("ambiguous: %v", err)
	}
	for _, blank := range []any{"", "  ", nil} {
		if _, err := r.Resolve(ctx, spec(t, "lookup:users.email"), blank); !errors.Is(err, ErrBlank) {
			t.Errorf("blank %q: %v", blank, err)
		}
	}
	if _, err := r.Resolve(ctx, spec(t, "lookup:users.email"), true); err == nil {
		t.Error("a boolean was looked up")
	}
}

// TestCost: each distinct value once; small collections listed once in
// full with only the fields needed; values are URL-encoded.
func TestCost(t *testing.T) {
	c, log := newSandbox(t, sandbox.Config{})
	r := NewResolver(Options{Client: c})
	ctx := context.Background()
	users := spec(t, "lookup:users.email")
	matters := spec(t, "lookup:matters.display_number")
	for range 3 {
		for _, v := range []string{"jane@firm.example", "marcus@firm.example", "priya@firm.example", "nobody@firm.example"} {
			r.Resolve(ctx, users, v)
		}
		r.Resolve(ctx, spec(t, "lookup:users.name"), "Jane Doe")
		r.Resolve(ctx, matters, "00042-Whitfield")
		r.Resolve(ctx, matters, "00099-Nobody")
	}
	got := log.paths(t)
	want := []string{
		"/api/v4/users.json?fields=id%2Cetag%2Cemail%2Cname&limit=200&order=id%28asc%29",
		"/api/v4/matters.json?fields=id%2Cetag%2Cdisplay_number&limit=200&order=id%28asc%29&query=00042-Whitfield",
		"/api/v4/matters.json?fields=id%2Cetag%2Cdisplay_number&limit=200&order=id%28asc%29&query=00099-Nobody",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s := r.Stats(); s.Requests != 3 || s.Failures != 6 {
		t.Errorf("stats %+v, want 3 requests, 6 failures (nobody and 00099 three times each)", s)
	}

	// A value with characters that matter in a URL reaches Clio as written.
	c2, log2 := newSandbox(t, sandbox.Config{})
	r2 := NewResolver(Options{Client: c2})
	odd := "A&B #1 Ünïcode?x=1"
	if _, err := r2.Resolve(ctx, matters, odd); err == nil || !strings.Contains(err.Error(), odd) {
		t.Errorf("odd value: %v", err)
	}
	if p := log2.paths(t); len(p) != 1 || !strings.Contains(p[0], "query=A%26B+%231+%C3%9Cn%C3%AFcode%3Fx%3D1") {
		t.Errorf("odd value sent as %v", p)
	}
}

// TestPaging: a collection larger than a page is read page by page.
func TestPaging(t *testing.T) {
	c, log := newSandbox(t, sandbox.Config{})
	r := NewResolver(Options{Client: c})
	pg := 0
	r.o.Gate = func(context.Context) (func(error), error) { pg++; return func(error) {}, nil }
	// limit=2 pages through the three users.
	col := collections["users"]
	objs, err := r.list(context.Background(), col.path, map[string][]string{"fields": {"id,email"}, "limit": {"2"}})
	if err != nil || len(objs) != 3 || pg != 2 || len(log.paths(t)) != 2 {
		t.Fatalf("paging: %d objects, %d gated, %v, err %v", len(objs), pg, log.paths(t), err)
	}
}

// TestFaults: a 5xx is retried; one that lasts fails the value with its
// reason and is never an ID; a later resolver (retry) asks again.
func TestFaults(t *testing.T) {
	c, _ := newSandbox(t, sandbox.Config{Faults: sandbox.Faults{Seed: 1, ErrorRate: 1}})
	r := NewResolver(Options{Client: c, Backoff: func(int) time.Duration { return time.Millisecond }})
	m, err := r.Resolve(context.Background(), spec(t, "lookup:users.email"), "jane@firm.example")
	if err == nil || m.ID != 0 || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Fatalf("5xx: %v, %v", m, err)
	}
	if s := r.Stats(); s.Requests != 3 {
		t.Errorf("requests %d, want 3", s.Requests)
	}
}

type memCache map[string]Match

func (m memCache) Cached(s Spec, v string) (Match, bool, error) {
	x, ok := m[s.String()+v]
	return x, ok, nil
}
func (m memCache) Remember(s Spec, v string, x Match) error { m[s.String()+v] = x; return nil }

func TestCache(t *testing.T) {
	c, log := newSandbox(t, sandbox.Config{})
	cache := memCache{}
	ctx := context.Background()
	users := spec(t, "lookup:users.email")
	r := NewResolver(Options{Client: c, Cache: cache})
	r.Resolve(ctx, users, "Jane@firm.example")
	r.Resolve(ctx, users, "nobody@firm.example")
	if len(cache) != 1 || cache["lookup:users.emailjane@firm.example"].ID != sandbox.UserJane {
		t.Fatalf("cache %v: only found values are kept, in their compared form", cache)
	}
	n := len(log.paths(t))
	r2 := NewResolver(Options{Client: c, Cache: cache})
	if m, err := r2.Resolve(ctx, users, "JANE@firm.example"); err != nil || m.ID != sandbox.UserJane {
		t.Fatal(m, err)
	}
	if len(log.paths(t)) != n || r2.Stats().CacheHits != 1 {
		t.Errorf("a cached value was looked up again")
	}
}

// BenchmarkCachedResolve is the per-record cost once a value is known.
func BenchmarkCachedResolve(b *testing.B) {
	r := NewResolver(Options{Cache: memCache{}})
	s := Spec{Collection: "matters", Field: "display_number"}
	values := make([]string, 200)
	for i := range values {
		values[i] = "000" + string(rune('A'+i%26)) + strings.Repeat("x", i/26)
		r.o.Cache.Remember(s, values[i], Match{ID: int64(i + 1)})
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Resolve(ctx, s, values[i%200]); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTextNeverRoundsBigIntegers: a whole number the reader could only keep
// as a float (past 64 bits) is refused, not looked up under other digits.
func TestTextNeverRoundsBigIntegers(t *testing.T) {
	if s, err := Text(1.2345678901234567e19); err == nil {
		t.Fatalf("Text of a rounded integer = %q, want an error", s)
	}
	for v, want := range map[any]string{int64(12345678901234567): "12345678901234567", 2.5: "2.5", float64(1000): "1000"} {
		if s, err := Text(v); err != nil || s != want {
			t.Errorf("Text(%v) = %q, %v; want %q", v, s, err, want)
		}
	}
}
