package flow

import (
	"github.com/cliodest/cliodest/flow/lookup"

	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// An input layout tells the date and datetime conversions how a Nexset
// writes its dates, so 03/04/2024 is read as the analyst means it rather
// than guessed: "date:DD/MM/YYYY". It is written with tokens and literal
// characters, and a value is converted strictly: it must match the layout.

// DateLayoutTokens are the tokens of an input layout, with their meaning.
var DateLayoutTokens = [][2]string{
	{"DD", "day, 1–31 (one or two digits)"},
	{"MM", "month, 1–12 (one or two digits)"},
	{"YYYY", "year, four digits"},
	{"YY", "year, two digits (69–99 → 19xx, 00–68 → 20xx)"},
	{"hh", "hour, 0–23 (one or two digits)"},
	{"mm", "minute, two digits"},
	{"ss", "second, two digits"},
}

// layoutPart is one token, or one literal character, of a layout.
type layoutPart struct {
	tok string // "" for a literal
	lit byte
}

type dateLayout struct {
	raw   string
	parts []layoutPart
	// optFrom is the first part of the optional time (the part in [ ], else
	// the separator before hh); a value may end there: a date alone, read
	// as the start of that day. 0 when the layout has no time.
	optFrom int
}

var layoutCache sync.Map // raw layout → *dateLayout

// parseDateLayout compiles a layout such as DD/MM/YYYY or YYYY-MM-DDThh:mm.
// It needs a day, a month and a year; minutes need an hour, seconds minutes.
// Letters other than the tokens (and the T of ISO dates) are refused, so a
// mistyped token (DD/MM/YYY) is an error rather than a literal.
func parseDateLayout(raw string) (*dateLayout, error) {
	if l, ok := layoutCache.Load(raw); ok {
		return l.(*dateLayout), nil
	}
	l := &dateLayout{raw: raw}
	seen := map[string]bool{}
	for i := 0; i < len(raw); {
		tok := ""
		for _, t := range []string{"YYYY", "YY", "DD", "MM", "hh", "mm", "ss"} {
			if strings.HasPrefix(raw[i:], t) {
				tok = t
				break
			}
		}
		c := raw[i]
		switch {
		case c == '[' && l.optFrom == 0 && i > 0 && strings.HasSuffix(raw, "]"):
			l.optFrom = len(l.parts)
			raw, i = raw[:len(raw)-1], i+1 // the closing ] ends the layout
			continue
		case c == '[' || c == ']':
			return nil, fmt.Errorf("date layout %q: [ ] marks an optional time at the end, e.g. MM/DD/YYYY[ hh:mm]", l.raw)
		case tok != "":
			if seen[tok] || (tok[0] == 'Y' && (seen["YYYY"] || seen["YY"])) {
				return nil, fmt.Errorf("date layout %q has %s twice", raw, tok)
			}
			seen[tok] = true
			l.parts = append(l.parts, layoutPart{tok: tok})
			i += len(tok)
			continue
		case (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && c != 'T', c >= '0' && c <= '9', c >= 0x80:
			return nil, fmt.Errorf("date layout %q: %q at position %d is not a token (use %s)", raw, raw[i:i+1], i+1, layoutTokenNames())
		}
		l.parts = append(l.parts, layoutPart{lit: c})
		i++
	}
	switch {
	case !seen["DD"] || !seen["MM"] || !(seen["YYYY"] || seen["YY"]):
		return nil, fmt.Errorf("date layout %q needs DD, MM and YYYY (or YY), e.g. DD/MM/YYYY", raw)
	case seen["mm"] && !seen["hh"], seen["ss"] && !seen["mm"]:
		return nil, fmt.Errorf("date layout %q: minutes (mm) need hours (hh), seconds (ss) need minutes", raw)
	case l.optFrom > 0 && slices.ContainsFunc(l.parts[:l.optFrom], func(p layoutPart) bool { return p.tok == "hh" }):
		return nil, fmt.Errorf("date layout %q: only the time may be optional, e.g. MM/DD/YYYY[ hh:mm]", l.raw)
	case l.optFrom > 0 && !slices.ContainsFunc(l.parts[l.optFrom:], func(p layoutPart) bool { return p.tok == "hh" }):
		return nil, fmt.Errorf("date layout %q: [ ] holds the optional time, e.g. MM/DD/YYYY[ hh:mm]", l.raw)
	}
	if l.optFrom == 0 {
		// A layout with a time also reads a date alone, so a column that
		// mixes 12/15/2026 and 12/18/2026 17:00 needs no second mapping.
		for i, p := range l.parts {
			if p.tok == "hh" {
				for l.optFrom = i; l.optFrom > 0 && l.parts[l.optFrom-1].tok == ""; l.optFrom-- {
				}
				break
			}
		}
	}
	layoutCache.Store(l.raw, l)
	return l, nil
}

func layoutTokenNames() string {
	names := make([]string, len(DateLayoutTokens))
	for i, t := range DateLayoutTokens {
		names[i] = t[0]
	}
	return strings.Join(names, ", ")
}

// parse reads s strictly by the layout; the time is UTC.
func (l *dateLayout) parse(s string) (time.Time, error) {
	mismatch := func() (time.Time, error) {
		if h := layoutHint(s); h != "" && h != l.raw {
			return time.Time{}, fmt.Errorf("%q does not match the date layout %s (the layout %s reads it)", s, l.raw, h)
		}
		return time.Time{}, fmt.Errorf("%q does not match the date layout %s", s, l.raw)
	}
	v := map[string]int{}
	pos := 0
	for i, p := range l.parts {
		if i == l.optFrom && i > 0 && pos == len(s) {
			break // a date alone: the start of that day
		}
		if p.tok == "" {
			if pos >= len(s) || s[pos] != p.lit {
				return mismatch()
			}
			pos++
			continue
		}
		most, least := 2, 2
		switch p.tok {
		case "YYYY":
			most, least = 4, 4
		case "DD", "MM", "hh":
			// One digit is enough when a separator, not another number, follows.
			if i+1 == len(l.parts) || l.parts[i+1].tok == "" {
				least = 1
			}
		}
		n, digits := 0, 0
		for pos < len(s) && digits < most && s[pos] >= '0' && s[pos] <= '9' {
			n = n*10 + int(s[pos]-'0')
			pos++
			digits++
		}
		if digits < least {
			return mismatch()
		}
		v[p.tok] = n
	}
	if pos != len(s) {
		return mismatch()
	}
	year := v["YYYY"]
	if _, ok := v["YY"]; ok {
		year = 2000 + v["YY"]
		if v["YY"] >= 69 {
			year = 1900 + v["YY"]
		}
	}
	t := time.Date(year, time.Month(v["MM"]), v["DD"], v["hh"], v["mm"], v["ss"], 0, time.UTC)
	if v["MM"] < 1 || v["MM"] > 12 || v["DD"] < 1 || t.Day() != v["DD"] || v["hh"] > 23 || v["mm"] > 59 || v["ss"] > 59 {
		return time.Time{}, fmt.Errorf("%q read as %s is not a real date or time", s, l.raw)
	}
	return t, nil
}

// splitLayout splits "date:DD/MM/YYYY" into "date" and its layout.
func splitLayout(name string) (base, layout string, ok bool) {
	base, layout, ok = strings.Cut(name, ":")
	if !ok || (base != "date" && base != "datetime") {
		return name, "", false
	}
	return base, layout, true
}

// checkConversion explains why name is not a conversion (nil when it is).
func checkConversion(name string) error {
	if base, layout, ok := splitLayout(name); ok {
		if _, err := parseDateLayout(layout); err != nil {
			return fmt.Errorf("%s: %w", base, err)
		}
		return nil
	}
	if IsValues(name) {
		_, err := ParseValues(name)
		return err
	}
	if lookup.Is(name) {
		_, err := lookup.Parse(name)
		return err
	}
	if name == "" || slices.Contains(Conversions(), name) {
		return nil
	}
	return fmt.Errorf("unknown conversion %q (use one of %s, date:LAYOUT / datetime:LAYOUT such as date:DD/MM/YYYY, values:FROM=TO,… such as values:Y=false,N=true, or lookup:COLLECTION.FIELD such as lookup:matters.display_number)", name, strings.Join(Conversions(), ", "))
}

// convertWithLayout converts a value written in layout to a date or datetime.
func convertWithLayout(base, layout string, v any, loc *time.Location) (any, error) {
	l, err := parseDateLayout(layout)
	if err != nil {
		return nil, err
	}
	var s string
	switch x := v.(type) {
	case string:
		s = strings.TrimSpace(x)
	case int64: // a CSV cell such as 20240305 read as a number
		s = fmt.Sprint(x)
	default:
		return nil, fmt.Errorf("a %s is not a date written %s", jsonKind(v), layout)
	}
	t, err := l.parse(s)
	if err != nil {
		iso, ok := isoWhen(s)
		if !ok {
			return nil, err
		}
		t = iso
	}
	// A layout has no offset: its date and time are the destination's zone's.
	t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
	if base == "date" {
		return t.Format("2006-01-02"), nil
	}
	return t.Format(time.RFC3339), nil
}

// isoWhen reads s when it is written as a workbook's date cells arrive,
// YYYY-MM-DD or YYYY-MM-DDThh:mm:ss, which no one writes day or month first:
// a layout also takes these, so a column mixing date cells and text dates
// in the layout (Excel keeps what it recognised as a date) converts whole.
func isoWhen(s string) (time.Time, bool) {
	for _, l := range []string{time.DateOnly, "2006-01-02T15:04:05"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ambiguousDate says why the layout-less conversion conv (date or
// datetime) may have misread v: a slash, dash or dot date whose first two
// numbers could each be the month (03/04/2024). "" when v is not ambiguous.
func ambiguousDate(conv string, v any) string {
	s, ok := v.(string)
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	day, clock, _ := strings.Cut(s, " ") // 03/04/2024 17:00 is as ambiguous as its date
	a, b, sep, ok := dayMonthParts(day)
	if !ok || a > 12 || b > 12 || a == b {
		return ""
	}
	// A datetime layout names its time as optional, so it also reads the
	// column's dates without one.
	timePart := ""
	if conv == "datetime" {
		timePart = "[ hh:mm]"
		if strings.Count(clock, ":") == 2 {
			timePart = "[ hh:mm:ss]"
		}
	}
	w := func(sep byte, first string) string {
		if first == "D" {
			return "DD" + string(sep) + "MM" + string(sep) + "YYYY"
		}
		return "MM" + string(sep) + "DD" + string(sep) + "YYYY"
	}
	year := day[strings.LastIndexByte(day, sep)+1:]
	md := fmt.Sprintf("%s-%02d-%02d", year, a, b)
	dm := fmt.Sprintf("%s-%02d-%02d", year, b, a)
	if sep == '.' { // read day first
		return fmt.Sprintf("%q is ambiguous: read as %s (%s), but as %s it is %s; say which with convert %s:%s or %s:%s",
			s, dm, w(sep, "D"), w(sep, "M"), md, conv, w(sep, "D")+timePart, conv, w(sep, "M")+timePart)
	}
	return fmt.Sprintf("%q is ambiguous: read as %s (%s), but as %s it is %s; say which with convert %s:%s or %s:%s",
		s, md, w(sep, "M"), w(sep, "D"), dm, conv, w(sep, "D")+timePart, conv, w(sep, "M")+timePart)
}

// dayMonthParts reads N/N/YYYY (or with - or .) into its first two numbers.
func dayMonthParts(s string) (a, b int, sep byte, ok bool) {
	nums := [3]int{}
	digits := [3]int{}
	k := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			nums[k] = nums[k]*10 + int(c-'0')
			digits[k]++
		case (c == '/' || c == '-' || c == '.') && k < 2 && digits[k] > 0 && (sep == 0 || sep == c):
			sep = c
			k++
		default:
			return 0, 0, 0, false
		}
	}
	if k != 2 || digits[0] > 2 || digits[1] > 2 || digits[2] != 4 {
		return 0, 0, 0, false
	}
	return nums[0], nums[1], sep, true
}

// dayFirstLayout proposes date:DD/MM/YYYY (with the examples' separator)
// when every example is a N/N/YYYY date, at least one has a first number
// above 12 and none a second one above 12: they can only be day first.
func dayFirstLayout(examples []string) string {
	var sep byte
	dayFirst := false
	for _, e := range examples {
		if _, iso := isoWhen(strings.TrimSpace(e)); iso {
			continue // a workbook's date cell, read by any layout
		}
		a, b, s, ok := dayMonthParts(strings.TrimSpace(e))
		if !ok || (sep != 0 && s != sep) || b > 12 || a > 31 {
			return ""
		}
		sep = s
		dayFirst = dayFirst || a > 12
	}
	if !dayFirst {
		return ""
	}
	return "date:DD" + string(sep) + "MM" + string(sep) + "YYYY"
}

// RecommendedLayouts are every layout the ambiguity warning can recommend
// (ambiguousDate): day or month first with /, - or ., for date and for
// datetime with its optional time, so a picker can offer what it says.
func RecommendedLayouts() []string {
	var out []string
	for _, conv := range []string{"date", "datetime"} {
		times := []string{""}
		if conv == "datetime" {
			times = []string{"[ hh:mm]", "[ hh:mm:ss]"}
		}
		for _, sep := range []string{"/", "-", "."} {
			for _, order := range []string{"DD%sMM%sYYYY", "MM%sDD%sYYYY"} {
				for _, tp := range times {
					out = append(out, conv+":"+fmt.Sprintf(order, sep, sep)+tp)
				}
			}
		}
	}
	return out
}

// IsLayoutConversion says whether name is a date or datetime conversion
// with a layout (date:DD/MM/YYYY), however well formed.
func IsLayoutConversion(name string) bool {
	return strings.HasPrefix(name, "date:") || strings.HasPrefix(name, "datetime:")
}

// CheckConversion says why name is not a conversion flow reads; nil when it is.
func CheckConversion(name string) error { return checkConversion(name) }
