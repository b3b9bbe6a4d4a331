package flow

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cliodest/cliodest/flow/nexset"
)

// Grouping algorithms.
const (
	GroupInOrder     = "in_order"     // consecutive records
	GroupByAttribute = "by_attribute" // records sharing a value of group_by
	GroupTimeWindow  = "time_window"  // whatever arrived within window (following a growing Nexset)
)

// Groupings lists the grouping algorithms in picker order.
func Groupings() []string { return []string{GroupInOrder, GroupByAttribute, GroupTimeWindow} }

// MaxOpenGroups bounds by_attribute's memory: past it, the largest open
// group (the oldest among equals) is flushed early.
const MaxOpenGroups = 64

// Grouper collects prepared items into batches. Activation calls Add for each
// item, Due when its timer (Deadline) fires, and Flush at the end of the
// Nexset. Each returned batch becomes one or more calls (Planner.Calls). A
// Grouper is not safe for concurrent use.
type Grouper interface {
	Add(it Item, now time.Time) [][]Item
	Due(now time.Time) [][]Item
	Flush() [][]Item
	// Deadline is when Due next has something to flush, if ever.
	Deadline() (time.Time, bool)
}

// NewGrouper returns the grouper the batching settings ask for. With
// batching off, every item is its own batch.
func NewGrouper(b Batching) (Grouper, error) {
	if !b.Enabled {
		return &inOrder{size: 1}, nil
	}
	size := b.Size
	if size == 0 {
		size = DefaultBatchSize
	}
	if size < 1 || size > MaxBatchSize {
		return nil, fmt.Errorf("batch size %d is outside 1–%d", size, MaxBatchSize)
	}
	switch b.Grouping {
	case "", GroupInOrder:
		return &inOrder{size: size}, nil
	case GroupByAttribute:
		if strings.TrimSpace(b.GroupBy) == "" {
			return nil, fmt.Errorf("grouping by_attribute needs group_by (e.g. matter.id)")
		}
		return &byAttr{size: size, attr: b.GroupBy, maxOpen: MaxOpenGroups, groups: map[string]*group{}}, nil
	case GroupTimeWindow:
		w, err := parseWindow(b.Window)
		if err != nil {
			return nil, err
		}
		return &timeWindow{size: size, window: w}, nil
	}
	return nil, fmt.Errorf("unknown grouping %q (use one of %s)", b.Grouping, strings.Join(Groupings(), ", "))
}

func parseWindow(s string) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return 0, fmt.Errorf("grouping time_window needs window (e.g. 2s)")
	}
	w, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("window %q is not a duration like 2s or 500ms", s)
	}
	if w <= 0 || w > time.Hour {
		return 0, fmt.Errorf("window %s must be above 0 and at most 1h", w)
	}
	return w, nil
}

type inOrder struct {
	size int
	buf  []Item
}

func (g *inOrder) Add(it Item, _ time.Time) [][]Item {
	g.buf = append(g.buf, it)
	if len(g.buf) >= g.size {
		return g.Flush()
	}
	return nil
}
func (g *inOrder) Due(time.Time) [][]Item { return nil }
func (g *inOrder) Deadline() (time.Time, bool) {
	return time.Time{}, false
}
func (g *inOrder) Flush() [][]Item {
	if len(g.buf) == 0 {
		return nil
	}
	b := g.buf
	g.buf = nil
	return [][]Item{b}
}

type group struct {
	items []Item
	seq   int // order of opening, for "oldest"
}

type byAttr struct {
	size, maxOpen int
	attr          string
	groups        map[string]*group
	seq           int
}

// groupValue reads group_by from the record, else from the body (so both
// "matter_id" and the mapped "matter.id" work).
func (g *byAttr) groupValue(it Item) string {
	v, ok := nexset.Get(it.Fields, g.attr)
	if !ok {
		v, ok = nexset.Get(it.Data, g.attr)
	}
	if !ok {
		return "\x00missing"
	}
	s, err := scalarText(v)
	if err != nil {
		return "\x00" + jsonKind(v)
	}
	return s
}

func (g *byAttr) Add(it Item, _ time.Time) [][]Item {
	k := g.groupValue(it)
	gr := g.groups[k]
	if gr == nil {
		g.seq++
		gr = &group{seq: g.seq}
		g.groups[k] = gr
	}
	gr.items = append(gr.items, it)
	var out [][]Item
	if len(gr.items) >= g.size {
		out = append(out, gr.items)
		delete(g.groups, k)
	}
	if len(g.groups) > g.maxOpen {
		var worst string
		for key, c := range g.groups {
			w := g.groups[worst]
			if w == nil || len(c.items) > len(w.items) || (len(c.items) == len(w.items) && c.seq < w.seq) {
				worst = key
			}
		}
		out = append(out, g.groups[worst].items)
		delete(g.groups, worst)
	}
	return out
}
func (g *byAttr) Due(time.Time) [][]Item { return nil }
func (g *byAttr) Deadline() (time.Time, bool) {
	return time.Time{}, false
}

// Flush empties the groups oldest first.
func (g *byAttr) Flush() [][]Item {
	var open []*group
	for _, gr := range g.groups {
		open = append(open, gr)
	}
	slices.SortFunc(open, func(a, b *group) int { return a.seq - b.seq })
	out := make([][]Item, 0, len(open))
	for _, gr := range open {
		out = append(out, gr.items)
	}
	g.groups = map[string]*group{}
	return out
}

type timeWindow struct {
	size   int
	window time.Duration
	buf    []Item
	start  time.Time
}

func (g *timeWindow) Add(it Item, now time.Time) [][]Item {
	out := g.Due(now)
	if len(g.buf) == 0 {
		g.start = now
	}
	g.buf = append(g.buf, it)
	if len(g.buf) >= g.size {
		out = append(out, g.Flush()...)
	}
	return out
}

func (g *timeWindow) Due(now time.Time) [][]Item {
	if len(g.buf) > 0 && !now.Before(g.start.Add(g.window)) {
		return g.Flush()
	}
	return nil
}

func (g *timeWindow) Deadline() (time.Time, bool) {
	if len(g.buf) == 0 {
		return time.Time{}, false
	}
	return g.start.Add(g.window), true
}

func (g *timeWindow) Flush() [][]Item {
	if len(g.buf) == 0 {
		return nil
	}
	b := g.buf
	g.buf = nil
	return [][]Item{b}
}
