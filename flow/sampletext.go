package flow

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the sample as preview shows it: which records, the
// request line, headers and body, and the catalogue's verdict; n numbers it.
func (s Sample) WriteText(w io.Writer, n int) {
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
