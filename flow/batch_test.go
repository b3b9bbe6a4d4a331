package flow

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/flow/nexset"
)

func item(pos int, matter any) Item {
	f := map[string]any{}
	if matter != nil {
		f["matter_id"] = matter
	}
	return Item{Ref: RecordRef{Pos: pos}, Fields: f, Data: map[string]any{}}
}

func positions(batches [][]Item) [][]int {
	var out [][]int
	for _, b := range batches {
		var ps []int
		for _, it := range b {
			ps = append(ps, it.Ref.Pos)
		}
		out = append(out, ps)
	}
	return out
}

func TestGroupers(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	type step struct {
		pos    int
		matter any
		at     time.Duration // since t0
	}
	tests := []struct {
		name      string
		b         Batching
		steps     []step
		dueAt     time.Duration // when > 0, call Due at t0+dueAt after the steps
		want      [][]int       // batches from Add (and Due)
		wantFlush [][]int
	}{
		{name: "off: one per record", b: Batching{}, steps: []step{{1, nil, 0}, {2, nil, 0}}, want: [][]int{{1}, {2}}},
		{name: "in order", b: Batching{Enabled: true, Size: 2}, steps: []step{{1, nil, 0}, {2, nil, 0}, {3, nil, 0}},
			want: [][]int{{1, 2}}, wantFlush: [][]int{{3}}},
		{name: "by attribute", b: Batching{Enabled: true, Size: 2, Grouping: GroupByAttribute, GroupBy: "matter_id"},
			steps: []step{{1, 7, 0}, {2, 8, 0}, {3, 7, 0}, {4, nil, 0}, {5, 8, 0}, {6, 9, 0}},
			want:  [][]int{{1, 3}, {2, 5}}, wantFlush: [][]int{{4}, {6}}},
		{name: "time window by size", b: Batching{Enabled: true, Size: 2, Grouping: GroupTimeWindow, Window: "2s"},
			steps: []step{{1, nil, 0}, {2, nil, time.Second}}, want: [][]int{{1, 2}}},
		{name: "time window by time", b: Batching{Enabled: true, Size: 10, Grouping: GroupTimeWindow, Window: "2s"},
			steps: []step{{1, nil, 0}, {2, nil, time.Second}, {3, nil, 3 * time.Second}}, dueAt: 5 * time.Second,
			want: [][]int{{1, 2}, {3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewGrouper(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]Item
			for _, s := range tt.steps {
				got = append(got, g.Add(item(s.pos, s.matter), t0.Add(s.at))...)
			}
			if tt.dueAt > 0 {
				if dl, ok := g.Deadline(); !ok || dl.After(t0.Add(tt.dueAt)) {
					t.Errorf("Deadline = %v %v", dl, ok)
				}
				got = append(got, g.Due(t0.Add(tt.dueAt))...)
			}
			if p := positions(got); !reflect.DeepEqual(p, tt.want) {
				t.Errorf("batches = %v, want %v", p, tt.want)
			}
			if p := positions(g.Flush()); !reflect.DeepEqual(p, tt.wantFlush) {
				t.Errorf("flush = %v, want %v", p, tt.wantFlush)
			}
		})
	}
}

// by_attribute keeps at most MaxOpenGroups groups open, whatever the input.
func TestByAttributeBoundedMemory(t *testing.T) {
	g, _ := NewGrouper(Batching{Enabled: true, Size: 1000, Grouping: GroupByAttribute, GroupBy: "matter_id"})
	sent := 0
	for i := range 10000 {
		sent += len(flatten(g.Add(item(i+1, i%500), time.Time{})))
		if n := len(g.(*byAttr).groups); n > MaxOpenGroups {
			t.Fatalf("%d groups open", n)
		}
	}
	sent += len(flatten(g.Flush()))
	if sent != 10000 {
		t.Fatalf("%d records came out of 10000", sent)
	}
}

func flatten(bs [][]Item) []Item {
	var out []Item
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

func TestNewGrouperErrors(t *testing.T) {
	for _, b := range []Batching{
		{Enabled: true, Size: 1001}, {Enabled: true, Size: -1}, {Enabled: true, Grouping: "random"},
		{Enabled: true, Grouping: GroupByAttribute}, {Enabled: true, Grouping: GroupTimeWindow, Window: "soon"},
		{Enabled: true, Grouping: GroupTimeWindow},
	} {
		if _, err := NewGrouper(b); err == nil {
			t.Errorf("NewGrouper(%+v) accepted", b)
		}
	}
}

func TestBatchedBodies(t *testing.T) {
	tests := []struct {
		name string
		wrap bool
		url  string
		want []string
	}{
		{name: "wrapped", wrap: true, url: "/api/v4/widgets.json", want: []string{`{"data":[{"g":"1","n":1},{"g":"0","n":2}]}`, `{"data":[{"g":"1","n":3}]}`}},
		{name: "raw", wrap: false, url: "/api/v4/widgets.json", want: []string{`[{"g":"1","n":1},{"g":"0","n":2}]`, `[{"g":"1","n":3}]`}},
		{name: "split by URL", wrap: true, url: "/api/v4/w/{record.g}.json", want: []string{`{"data":[{"n":1},{"n":3}]}`, `{"data":[{"n":2}]}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New("b")
			d.Nexset.Path = "n.jsonl"
			d.Endpoint = Endpoint{Method: "POST", URL: tt.url, Wrap: boolp(tt.wrap)}
			d.Batching = Batching{Enabled: true, Size: 2}
			if tt.name == "split by URL" {
				d.Batching.Size = 3
			}
			var recs []nexset.Record
			for i := 1; i <= 3; i++ {
				recs = append(recs, rec(i, map[string]any{"n": int64(i), "g": fmt.Sprint(i % 2)}))
			}
			calls, fails := mustPlan(t, d).Build(recs)
			if len(fails) > 0 {
				t.Fatal(fails)
			}
			var got []string
			for _, c := range calls {
				got = append(got, string(c.Body))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("bodies = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBatchingRefusedOnTemplates(t *testing.T) {
	d := timeEntries(t)
	d.Batching.Enabled = true
	ps := checkConfig(d).Errors()
	if len(ps) != 1 || ps[0].Field != "batching.enabled" || !containsAll(ps[0].Message, "one object per call", "Advanced") {
		t.Fatalf("problems = %v", ps)
	}
}

// TestBatchingRefusedOnOneObjectEndpoints: Journey B's file (POST
// /api/v4/notes.json, batching 5 by matter) is refused with the reason;
// batching.anyway turns the refusal into a warning.
func TestBatchingRefusedOnOneObjectEndpoints(t *testing.T) {
	d := New("notes")
	d.Nexset.Path = "calls.csv"
	d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/notes.json"}
	d.Batching = Batching{Enabled: true, Size: 5, Grouping: GroupByAttribute, GroupBy: "matter.id"}
	ps := checkConfig(d).Errors()
	if len(ps) != 1 || ps[0].Field != OneObjectField || !containsAll(ps[0].Message, "one object per call on POST /api/v4/notes.json", "refuses every batch", "batching.anyway: true", "--batching-anyway", "proxy that accepts arrays") {
		t.Fatalf("problems = %v", ps)
	}
	d.Batching.Anyway = true
	all := checkConfig(d)
	if errs := all.Errors(); len(errs) != 0 {
		t.Fatalf("forced: errors %v", errs)
	}
	var warned bool
	for _, p := range all {
		warned = warned || (p.Warning && p.Field == OneObjectField && strings.Contains(p.Message, "batching forced"))
	}
	if !warned {
		t.Fatalf("forced: no warning in %v", all)
	}
	d.Endpoint.URL = "/api/v4/widgets.json" // not in Clio's description: nothing said
	d.Batching.Anyway = false
	for _, p := range checkConfig(d) {
		if strings.HasPrefix(p.Field, "batching") {
			t.Fatalf("undocumented path: %v", p)
		}
	}
}

// A batch whose body would pass max_request_bytes is cut into calls that
// fit, every record once and in order.
func TestBatchCutToMaxRequestBytes(t *testing.T) {
	d := New("b")
	d.Nexset.Path = "n.jsonl"
	d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/widgets.json", Wrap: boolp(true)}
	d.Batching = Batching{Enabled: true, Size: 100}
	d.MaxRequestBytes = 4000
	var recs []nexset.Record
	for i := 1; i <= 20; i++ {
		recs = append(recs, rec(i, map[string]any{"n": int64(i), "pad": strings.Repeat("x", 900)}))
	}
	calls, fails := mustPlan(t, d).Build(recs)
	if len(fails) > 0 {
		t.Fatal(fails)
	}
	var pos []int
	for _, c := range calls {
		if len(c.Body) > d.MaxRequestBytes {
			t.Errorf("a body of %d bytes", len(c.Body))
		}
		for _, r := range c.Records {
			pos = append(pos, r.Pos)
		}
	}
	if len(calls) < 5 || len(pos) != 20 || !slices.IsSorted(pos) || pos[0] != 1 || pos[19] != 20 {
		t.Errorf("%d calls carry records %v", len(calls), pos)
	}
}
