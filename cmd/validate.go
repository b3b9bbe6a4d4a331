package cmd

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
)

// validateOptions are validate's flags and argument.
type validateOptions struct {
	file    string
	records int
}

// newValidateCmd parses validate's flags into validateOptions and hands them to
// runValidate (or a test's run function).
func newValidateCmd(f *Factory, run ...runFunc[validateOptions]) *cobra.Command {
	o := &validateOptions{}
	runF := pickRun(func(ctx context.Context, o *validateOptions) error { return runValidate(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a destination file and the requests its first records produce",
		Long: `Validate reads a destination file and reports every problem at once, with
its line: unknown fields, wrong types, a bad endpoint, URL or header, mapping
and batching mistakes. It then builds the requests of the Nexset's first
records and checks them against Clio's published API (required attributes,
types, allowed values). An Advanced absolute URL must be on the host the
requests go to (--base-url, base_url, or the saved credential's host): a
token is never sent elsewhere. Warnings (exit status 0) include dates the date
conversion may misread: 03/04/2024 is read month first; give the layout with
convert: "date:DD/MM/YYYY" (or MM/DD/YYYY). With nexset.key set, the whole
Nexset is read for keys used by more than one record. The last line says how
many warnings there were ("is valid, with 2 warnings"). Nothing is sent. Exit
status 1 when anything is wrong.`,
		Example: `  cliodest validate samples/time-entries.yaml
  cliodest validate --records 50 time-entries.yaml`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if o.records < 1 {
				return usageErrorf("--records %d: give at least 1", o.records)
			}
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	c.Flags().IntVar(&o.records, "records", 10, "how many of the Nexset's first records to check")
	return c
}

// runValidate reports every problem of the destination file and of its first records' requests.
func runValidate(ctx context.Context, f *Factory, o *validateOptions) error {
	file := o.file
	d, err := loadDestination(f, file)
	if err != nil {
		return err
	}
	recs, layout, readProbs, err := sampleLayout(ctx, d, o.records)
	if err != nil {
		return err
	}
	if !layout.Plain() {
		fmt.Fprintf(f.ErrOut, "%s: read %s as %s\n", file, d.NexsetPath(), layout)
	}
	ps := append(readProbs, flow.ValidateWith(d, recs, func(p *flow.Planner) *flow.Planner {
		return withSampleLookups(ctx, f, d, p)
	})...)
	dupProbs, err := duplicateKeyProblems(ctx, d)
	if err != nil {
		return err
	}
	ps = append(ps, dupProbs...)
	badProbs, err := unreadableProblems(ctx, d, o.records)
	if err != nil {
		return err
	}
	ps = append(ps, badProbs...)
	idProbs, err := identityProblems(d, file)
	if err != nil {
		return err
	}
	ps = append(ps, idProbs...)
	ps = append(ps, hostProblems(f, d, ps)...)
	printProblems(f.ErrOut, file, d.Nexset.Path, ps)
	if errs := ps.Errors(); len(errs) > 0 {
		return &ExitError{Code: exitFailed, Err: fmt.Errorf("%s is not valid: %d problem(s)", file, len(errs))}
	}
	// Warnings scroll by on stderr; the verdict says there were some.
	valid := file + " is valid"
	if n := len(ps); n == 1 {
		valid += ", with 1 warning"
	} else if n > 1 {
		valid += fmt.Sprintf(", with %d warnings", n)
	}
	if len(recs) == 0 && len(readProbs) == 0 {
		fmt.Fprintf(f.Out, "%s, but its Nexset %s has no records%s: no request could be checked\n", valid, d.NexsetPath(), noRecordsIn(layout, "nexset.sheet: NAME"))
		return nil
	}
	if p, err := d.Plan(); err == nil && p.Operation() == nil {
		fmt.Fprintf(f.Out, "%s: %d sample records build requests, but Clio does not publish %s %s, so none could be checked\n",
			valid, len(recs), d.Endpoint.Method, d.Endpoint.URL)
		return nil
	}
	fmt.Fprintf(f.Out, "%s: %d sample records produce requests Clio accepts\n", valid, len(recs))
	return nil
}

// duplicateKeyProblems reads the whole Nexset for keys used by more than one
// record: none of those records would be sent.
// unreadableProblems reports the records past the samples that cannot be
// sent as read (too large, not JSON), so validate judges the whole Nexset.
func unreadableProblems(ctx context.Context, d *flow.Destination, after int) (flow.Problems, error) {
	const listed = 20
	bad, total, err := flow.UnreadableRecords(ctx, d, after, listed)
	if err != nil {
		return nil, err
	}
	var ps flow.Problems
	for _, re := range bad {
		ps = append(ps, flow.Problem{Field: "nexset", Message: re.Error()})
	}
	if total > len(bad) {
		ps = append(ps, flow.Problem{Field: "nexset", Message: fmt.Sprintf("%s: %d more records cannot be sent as read", d.NexsetPath(), total-len(bad))})
	}
	return ps, nil
}

func duplicateKeyProblems(ctx context.Context, d *flow.Destination) (flow.Problems, error) {
	dups, err := flow.FindDuplicateKeys(ctx, d)
	if err != nil {
		return nil, err
	}
	keys := slices.Sorted(maps.Keys(dups))
	var ps flow.Problems
	for _, k := range keys {
		ps = append(ps, flow.Problem{Field: "nexset.key", Message: d.NexsetPath() + ": " + dups.Reason(k)})
	}
	return ps, nil
}

// identityProblems reports a key or endpoint changed since the ledger (if
// the destination has one) was written, as activate would refuse it.
func identityProblems(d *flow.Destination, file string) (flow.Problems, error) {
	lp := ledger.DefaultPath(file)
	if !fileExists(lp) {
		return nil, nil
	}
	p, err := d.Plan()
	if err != nil {
		return nil, nil // the destination's own problems are reported already
	}
	// Read-only: validating neither migrates an older ledger nor waits for a run.
	l, release, err := session.ReadLedger(lp, ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		return nil, fmt.Errorf("destination %s: %w", file, err)
	}
	defer release()
	err = session.CheckIdentity(l, p, file)
	var ie *deliver.IdentityChangedError
	if errors.As(err, &ie) {
		field := "nexset.key"
		if !ie.KeyOnly {
			field = "endpoint"
		}
		return flow.Problems{{Field: field, Message: ie.Error()}}, nil
	}
	return nil, err
}
