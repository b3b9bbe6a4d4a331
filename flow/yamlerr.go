package flow

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parserProblems are the messages of yaml's parser (not its scanner). The
// parser reports a 0-based line (and none at all on the first line), one
// less than the line at fault, so yamlProblem adds one back.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// unclosed explains the two parser problems a newcomer meets most: a list or
// an inline mapping opened and never closed.
var unclosed = map[string]struct{ open, close, what string }{
	"did not find expected ',' or ']'": {"[", "]", "list"},
	"did not find expected ',' or '}'": {"{", "}", "inline mapping"},
}

// yamlProblem turns a YAML syntax error into a Problem on the line at fault,
// with the column when it can be told and the text of that line, so the
// reader sees what to fix without counting lines.
func yamlProblem(err error, data []byte) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if parserProblems[msg] {
		line++ // 0-based in the parser's messages; none means the first line
	}
	text := lineText(data, line)
	out := "not valid YAML: " + msg
	if u, ok := unclosed[msg]; ok {
		// On the first line the parser names the next token's line instead:
		// the opening bracket is on the nearest line above that has one.
		for l := line - 1; l >= 1 && !strings.Contains(text, u.open); l-- {
			if t := lineText(data, l); strings.Contains(t, u.open) {
				line, text = l, t
			}
		}
		if i := strings.Index(text, u.open); i >= 0 {
			col := utf8.RuneCountInString(text[:i]) + 1
			out = fmt.Sprintf("not valid YAML: column %d: the %s opened with %s is not closed by %s (close it, or quote the value if %s is part of it)",
				col, u.what, u.open, u.close, u.open)
		}
	} else if i := strings.IndexByte(text, '\t'); i >= 0 && strings.Contains(msg, "tab character") {
		out = fmt.Sprintf("not valid YAML: column %d: a tab indents this line; YAML indents with spaces only", utf8.RuneCountInString(text[:i])+1)
	}
	if strings.TrimSpace(text) != "" {
		out += ": " + strings.TrimSpace(text)
	}
	return Problem{Line: line, Message: out}
}

// lineText is line n (1-based) of data, or "" when there is none.
func lineText(data []byte, n int) string {
	for i := 1; n >= 1; i++ {
		l, rest, more := bytes.Cut(data, []byte("\n"))
		if i == n {
			return strings.TrimRight(string(l), "\r")
		}
		if !more {
			break
		}
		data = rest
	}
	return ""
}
