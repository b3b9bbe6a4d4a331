package flow

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a destination (or, with Warning set, one
// thing worth knowing). Line is the destination file's line when known.
type Problem struct {
	Line    int    // 0 when not from a file, or unknown
	Field   string // dotted field of the file, e.g. "batching.size", "mapping[2].convert"
	Message string
	Warning bool // does not make the destination invalid
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is a list of problems; Errors drops the warnings.
type Problems []Problem

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// LoadError is every problem found in a destination file at once.
type LoadError struct {
	File     string
	Problems Problems
}

func (e *LoadError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		fmt.Fprintf(&b, "%s: %s", e.File, e.Problems[0])
		return b.String()
	}
	fmt.Fprintf(&b, "%s: %d problems:", e.File, n)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}
