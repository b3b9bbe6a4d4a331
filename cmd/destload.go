package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// loadDestination reads a destination file; its problems are printed one per
// line and the command fails (exit 1) with a summary.
func loadDestination(f *Factory, path string) (*flow.Destination, error) {
	d, err := flow.Load(path)
	if err == nil {
		return d, nil
	}
	var le *flow.LoadError
	if errors.As(err, &le) {
		printProblems(f.ErrOut, le.File, le.Problems)
		return nil, &ExitError{Code: exitFailed, Err: fmt.Errorf("%s: %d problem(s); nothing was sent", path, len(le.Problems))}
	}
	return nil, err
}

// printProblems prints one problem a line. The same verdict on several
// sample records is printed once, naming them all, so that ten records
// missing data.name read as one line, not ten.
func printProblems(w io.Writer, file string, ps flow.Problems) {
	type group struct {
		first       flow.Problem
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
	for _, g := range order {
		p := g.first
		if len(g.recs) > 1 {
			p.Field = fmt.Sprintf("records %s (lines %s)", listShort(g.recs), listShort(g.lines))
		}
		fmt.Fprintf(w, "%s: %s\n", file, p)
	}
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

// sampleRecords reads the first n good records of the destination's Nexset;
// bad records among them come back as problems naming their line.
func sampleRecords(ctx context.Context, d *flow.Destination, n int) ([]nexset.Record, flow.Problems, error) {
	recs, _, ps, err := sampleLayout(ctx, d, n)
	return recs, ps, err
}

// sampleLayout is sampleRecords that also says how the Nexset was read.
func sampleLayout(ctx context.Context, d *flow.Destination, n int) ([]nexset.Record, nexset.Layout, flow.Problems, error) {
	path := d.NexsetPath()
	if path == "-" {
		return nil, nexset.Layout{}, flow.Problems{{Field: "nexset.path", Warning: true, Message: "standard input cannot be sampled; no record checks"}}, nil
	}
	recs, schema, err := nexset.Head(ctx, path, d.NexsetOptions(), n)
	var ps flow.Problems
	for _, note := range schema.Notes {
		ps = append(ps, flow.Problem{Field: "nexset", Message: note, Warning: true})
	}
	if err == nil || errors.Is(err, nexset.ErrNoRecords) {
		return recs, schema.Layout, ps, nil
	}
	var re *nexset.RecordError
	if errors.As(err, &re) || len(recs) > 0 {
		for _, e := range unjoin(err) {
			ps = append(ps, flow.Problem{Field: "nexset", Message: e.Error()})
		}
		return recs, schema.Layout, ps, nil
	}
	return nil, schema.Layout, nil, fmt.Errorf("reading the Nexset %s: %w", path, err)
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// destinationHost is where requests go for display and sending: --base-url
// (or CLIODEST_BASE_URL), else the file's base_url; ok is false when neither
// is set (the credential decides).
func destinationHost(f *Factory, d *flow.Destination) (clio.Host, bool, error) {
	h, ok, err := f.BaseURL()
	if err != nil || ok {
		return h, ok, err
	}
	if d.BaseURL == "" {
		return clio.Host{}, false, nil
	}
	h, err = clio.ParseBaseURL(d.BaseURL)
	if err != nil {
		return clio.Host{}, false, fmt.Errorf("base_url: %w", err)
	}
	return h, true, nil
}
