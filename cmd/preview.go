package cmd

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
)

// previewOptions are preview's flags and argument.
type previewOptions struct {
	file    string
	records int
	asJSON  bool
}

// newPreviewCmd parses preview's flags into previewOptions and hands them to
// runPreview (or a test's run function).
func newPreviewCmd(f *Factory, run ...runFunc[previewOptions]) *cobra.Command {
	o := &previewOptions{}
	runF := pickRun(func(ctx context.Context, o *previewOptions) error { return runPreview(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "preview FILE",
		Short: "Show the exact requests a destination's first records produce",
		Long: `Preview shows the sample payloads of a destination: for each of the
Nexset's first records, the request cliodest would send (method, URL, headers
with secrets masked, body) and whether Clio's published API accepts it.
A header's ${NAME} environment variable is shown as written, never its value
(which is read only by test and activate). Nothing is sent.`,
		Example: `  cliodest preview samples/time-entries.yaml
  cliodest preview --records 5 --json samples/new-tasks.yaml`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if o.records < 1 {
				return usageErrorf("--records %d: give at least 1", o.records)
			}
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	c.Flags().IntVar(&o.records, "records", flow.DefaultSamples, "how many of the Nexset's first records to show")
	c.Flags().BoolVar(&o.asJSON, "json", false, "print the samples as JSON")
	return c
}

// runPreview prints the requests of the destination's first records.
func runPreview(ctx context.Context, f *Factory, o *previewOptions) error {
	d, err := loadDestination(f, o.file)
	if err != nil {
		return err
	}
	recs, readProbs, err := sampleRecords(ctx, d, o.records)
	if err != nil {
		return err
	}
	printProblems(f.ErrOut, o.file, d.Nexset.Path, readProbs)
	s, err := readSession(f)
	if err != nil {
		return err
	}
	samples, err := s.Preview(ctx, d, recs, o.records, nil)
	if err != nil {
		return sessionError(f, o.file, err)
	}
	if o.asJSON {
		enc := json.NewEncoder(f.rawOut())
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // a body's & stays & (the body is already unescaped text)
		return enc.Encode(samples)
	}
	if len(recs) == 0 {
		fmt.Fprintln(f.Out, "The Nexset has no records to preview.")
	}
	for i, s := range samples {
		s.WriteText(f.Out, i+1)
	}
	return nil
}
