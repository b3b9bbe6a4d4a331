package cmd

import (
	"encoding/json"
	"fmt"

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
				s.WriteText(f.Out, i+1)
			}
			return nil
		},
	}
	c.Flags().IntVar(&records, "records", flow.DefaultSamples, "how many of the Nexset's first records to show")
	c.Flags().BoolVar(&asJSON, "json", false, "print the samples as JSON")
	return c
}
