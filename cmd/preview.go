package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
)

func newPreviewCmd(f *Factory) *cobra.Command {
	var records int
	var asJSON bool
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
			if records < 1 {
				return usageErrorf("--records %d: give at least 1", records)
			}
			d, err := loadDestination(f, args[0])
			if err != nil {
				return err
			}
			recs, readProbs, err := sampleRecords(c.Context(), d, records)
			if err != nil {
				return err
			}
			printProblems(f.ErrOut, args[0], d.Nexset.Path, readProbs)
			s, err := readSession(f)
			if err != nil {
				return err
			}
			samples, err := s.Preview(c.Context(), d, recs, records, nil)
			if err != nil {
				return sessionError(f, args[0], err)
			}
			if asJSON {
				enc := json.NewEncoder(f.rawOut())
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false) // a body's & stays & (the body is already unescaped text)
				return enc.Encode(samples)
			}
			if len(recs) == 0 {
				fmt.Fprintln(f.Out, "The Nexset has no records to preview.")
			}
			for i, s := range samples {
				writeSample(f.Out, i+1, s)
			}
			return nil
		},
	}
	c.Flags().IntVar(&records, "records", flow.DefaultSamples, "how many of the Nexset's first records to show")
	c.Flags().BoolVar(&asJSON, "json", false, "print the samples as JSON")
	return c
}

func writeSample(w io.Writer, n int, s flow.Sample) {
	refs := make([]string, len(s.Records))
	for i, r := range s.Records {
		refs[i] = fmt.Sprintf("record %d (line %d, key %s)", r.Pos, r.Line, r.Key)
		if r.Key == "" {
			refs[i] = fmt.Sprintf("record %d (line %d)", r.Pos, r.Line)
		}
	}
	fmt.Fprintf(w, "── Sample %d · %s ──\n", n, strings.Join(refs, ", "))
	if s.Error != "" {
		fmt.Fprintf(w, "✗ no request: %s\n\n", s.Error)
		return
	}
	if s.Find != "" {
		fmt.Fprintf(w, "find_by: %s\n", s.Find)
	}
	fmt.Fprintf(w, "%s %s\n", s.Method, s.URL)
	for _, k := range s.HeaderNames() {
		for _, v := range s.Header[k] {
			fmt.Fprintf(w, "%s: %s\n", k, v)
		}
	}
	if s.Body != "" {
		fmt.Fprintf(w, "\n%s\n", s.Body)
	}
	switch {
	case s.Unchecked != "":
		fmt.Fprintf(w, "? not checked: %s\n", s.Unchecked)
	case len(s.Problems) == 0:
		fmt.Fprintln(w, "✓ Clio's published API accepts this request")
	}
	for _, p := range s.Problems {
		fmt.Fprintf(w, "✗ %s\n", p)
	}
	for _, p := range s.Warnings {
		fmt.Fprintf(w, "! %s\n", p)
	}
	fmt.Fprintln(w)
}
