package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/session"
)

// loadDestination reads a destination file; its problems are printed one per
// line and the command fails (exit 1) with a summary.
func loadDestination(f *Factory, path string) (*flow.Destination, error) {
	d, err := flow.Load(path)
	if err != nil {
		return nil, loadProblems(f, path, err)
	}
	return d, nil
}

// loadProblems prints the problems of a destination file flow.Load
// refused, one per line, and sums them up as the command's error.
func loadProblems(f *Factory, path string, err error) error {
	var le *flow.LoadError
	if errors.As(err, &le) {
		printProblems(f.ErrOut, le.File, "", le.Problems)
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("%s is not valid: %d problem(s) above; nothing was sent", path, len(le.Problems))}
	}
	return err
}

// printProblems prints one problem a line, the same verdict on several
// sample records once (flow's GroupRecords). A record's line is the
// Nexset's, named when nexset is known, so "d.yaml: record 1 (line 2)" is
// not read as line 2 of the destination file.
func printProblems(w io.Writer, file, nexset string, ps flow.Problems) {
	for _, p := range ps.GroupRecords() {
		if nexset != "" && strings.HasPrefix(p.Field, "record") {
			p.Field = strings.Replace(p.Field, " (line", " ("+filepath.Base(nexset)+" line", 1)
		}
		fmt.Fprintf(w, "%s: %s\n", file, p)
	}
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
	return nil, schema.Layout, nil, d.NexsetError(err)
}

// noRecordsIn says where a Nexset with no records was read, for a workbook:
// the sheet, and its other sheets with how to read one (how: "--sheet
// NAME" or "nexset.sheet: NAME"), since a firm's workbook often opens on a
// summary sheet. It is "" for other files.
func noRecordsIn(l nexset.Layout, how string) string {
	if l.Format != nexset.XLSX {
		return ""
	}
	var others []string
	for _, s := range l.Sheets {
		if s != l.Sheet {
			others = append(others, s)
		}
	}
	if len(others) == 0 {
		return " in sheet " + l.Sheet
	}
	return fmt.Sprintf(" in sheet %s (the workbook's other sheets: %s; %s reads one)", l.Sheet, strings.Join(others, ", "), how)
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
	if err != nil {
		return h, ok, err
	}
	return (&session.Session{BaseURL: h, HasBaseURL: ok}).Host(d)
}
