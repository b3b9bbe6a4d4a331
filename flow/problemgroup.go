package flow

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// GroupRecords merges the same verdict on several sample records into one
// problem naming them all ("records 1–12 (lines 2–13)"), so ten records
// missing data.name read as one line, not ten. Other problems keep their
// place.
func (ps Problems) GroupRecords() Problems {
	type group struct {
		first       Problem
		recs, lines []string
	}
	var order []*group
	byMsg := map[string]*group{}
	for _, p := range ps {
		m := recordFieldRe.FindStringSubmatch(p.Field)
		if m == nil {
			order = append(order, &group{first: p})
			continue
		}
		k := fmt.Sprint(p.Warning, p.Message)
		g := byMsg[k]
		if g == nil {
			g = &group{first: p}
			byMsg[k] = g
			order = append(order, g)
		}
		g.recs, g.lines = append(g.recs, m[1]), append(g.lines, m[2])
	}
	out := make(Problems, 0, len(order))
	for _, g := range order {
		p := g.first
		if len(g.recs) > 1 {
			p.Field = fmt.Sprintf("records %s (lines %s)", listShort(g.recs), listShort(g.lines))
		}
		out = append(out, p)
	}
	return out
}

var recordFieldRe = regexp.MustCompile(`^record (\d+) \(line (\d+)\)$`)

// listShort joins ascending numbers, runs as ranges ("1–10", "2, 5–7"), and
// elides the middle of a long list.
func listShort(xs []string) string {
	var parts []string
	for i := 0; i < len(xs); {
		j, n := i, atoi(xs[i])
		for j+1 < len(xs) && atoi(xs[j+1]) == n+(j+1-i) {
			j++
		}
		if j > i {
			parts = append(parts, xs[i]+"–"+xs[j])
		} else {
			parts = append(parts, xs[i])
		}
		i = j + 1
	}
	if len(parts) > 6 {
		parts = append(append(parts[:3:3], "…"), parts[len(parts)-2:]...)
	}
	return strings.Join(parts, ", ")
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
