package ui

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	lineColumn = regexp.MustCompile(`line (\d+), column (\d+)`)
	dataPath   = regexp.MustCompile(`\bdata((?:\.[A-Za-z0-9_]+)+)`)
)

// problemAt is where the body editor opens (0-based line and column): at
// the line and column a JSON syntax problem reports, else at the deepest
// attribute of the first problem's path found in the body (a missing
// attribute's parent object), else at the top.
func problemAt(body string, problems []string) (line, col int) {
	if len(problems) == 0 {
		return 0, 0
	}
	p := problems[0]
	if m := lineColumn.FindStringSubmatch(p); m != nil {
		l, _ := strconv.Atoi(m[1])
		c, _ := strconv.Atoi(m[2])
		return max(0, l-1), max(0, c-1)
	}
	m := dataPath.FindStringSubmatch(p)
	if m == nil {
		return 0, 0
	}
	lines := strings.Split(body, "\n")
	from := 0
	// "data" itself is absent from a body sent unwrapped: a segment not
	// found is passed over.
	for _, seg := range strings.Split("data"+m[1], ".") {
		i := indexFrom(lines, from, `"`+seg+`":`)
		if i < 0 {
			continue
		}
		line, col, from = i, strings.Index(lines[i], `"`+seg+`":`), i+1
	}
	return line, col
}

// indexFrom is the first line at or after from holding s; -1 when none.
func indexFrom(lines []string, from int, s string) int {
	for i := from; i < len(lines); i++ {
		if strings.Contains(lines[i], s) {
			return i
		}
	}
	return -1
}
