package flow

import (
	"regexp"
	"strings"
)

// Numeric dates, optionally with a time, that a layout can read: the
// shapes an error's hint can name a layout for.
var (
	dayMonthYearRe = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4})$`)
	yearFirstRe    = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})$`)
	clockRe        = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})?$`)
)

// layoutHint names the input layout that reads s, so a refusal can say
// what would work: "18/12/2026 17:00" → "DD/MM/YYYY hh:mm", "12/18/2026" →
// "MM/DD/YYYY" (month first unless the first number cannot be a month).
// "" when s is not such a date.
func layoutHint(s string) string {
	s = strings.TrimSpace(s)
	day, clock, sep := s, "", ""
	if i := strings.IndexAny(s, " T"); i > 0 {
		day, clock, sep = s[:i], strings.TrimSpace(s[i+1:]), s[i:i+1]
	}
	var l string
	if m := dayMonthYearRe.FindStringSubmatch(day); m != nil && m[2] == m[4] {
		first, second := "MM", "DD"
		if len(m[1]) > 0 && atoiSmall(m[1]) > 12 {
			first, second = "DD", "MM"
		}
		l = first + m[2] + second + m[2] + "YYYY"
	} else if m := yearFirstRe.FindStringSubmatch(day); m != nil && m[2] == m[4] {
		l = "YYYY" + m[2] + "MM" + m[2] + "DD"
	} else {
		return ""
	}
	switch {
	case clock == "":
	case clockRe.MatchString(clock) && strings.Count(clock, ":") == 2:
		l += sep + "hh:mm:ss"
	case clockRe.MatchString(clock):
		l += sep + "hh:mm"
	default:
		return ""
	}
	dl, err := parseDateLayout(l)
	if err != nil {
		return ""
	}
	if _, err := dl.parse(s); err != nil {
		return ""
	}
	return l
}

func atoiSmall(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
