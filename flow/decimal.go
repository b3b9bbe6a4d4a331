package flow

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Decimal marks a destination's Nexset may write numbers with
// (nexset.decimal); "" reads what is unambiguous and warns about the rest.
const (
	DecimalComma = "comma" // 1.234,56
	DecimalPoint = "point" // 1,234.56
)

// groupSpaces separate thousands in some countries' writing (1 234,56; 1'234.56).
const groupSpaces = " \u00a0\u202f'"

// readDecimal reads a number written as people write it, thousands
// separators and all, under the decimal mark dec ("" for unset). why is
// non-empty when dec is unset and the value would read differently under the
// other mark (1,250): it is read with a decimal point, and why says so.
func readDecimal(s, dec string) (f float64, why string, err error) {
	t := strings.TrimSpace(s)
	if dec != DecimalComma && !strings.ContainsAny(t, ","+groupSpaces) {
		// Plain JSON-style numbers (1.5, -2e3) read as they always have.
		if f, err := parseFloatText(s, t); err == nil || !strings.Contains(t, ".") {
			return f, ambiguousPoint(t, dec), err
		}
	}
	sign := ""
	if t != "" && (t[0] == '-' || t[0] == '+') {
		sign, t = t[:1], t[1:]
	}
	t = strings.Map(func(r rune) rune {
		if strings.ContainsRune(groupSpaces, r) {
			return -1
		}
		return r
	}, t)
	mark, group := '.', ','
	switch dec {
	case DecimalComma:
		mark, group = ',', '.'
	case "":
		if guess, ok := markOf(t); ok {
			mark = guess
			if mark == ',' {
				group = '.'
			}
		} else {
			why = ambiguousComma(s, t)
		}
	}
	whole, frac, hasFrac := strings.Cut(t, string(mark))
	if !groupedDigits(whole, group) || (hasFrac && !allDigits(frac)) {
		return 0, "", notNumber(s, dec)
	}
	num := sign + strings.ReplaceAll(whole, string(group), "")
	if hasFrac {
		num += "." + frac
	}
	f, err = parseFloatText(s, num)
	if err != nil {
		return 0, "", notNumber(s, dec)
	}
	return f, why, nil
}

// markOf settles the decimal mark of a value written without saying: the
// last of two different marks is the decimal one (1.234,56), a mark used
// twice groups thousands (1,234,567), and one not followed by exactly three
// digits cannot group them (1,5). ok is false for 1,250 and 1.250.
func markOf(t string) (mark rune, ok bool) {
	c, p := strings.LastIndexByte(t, ','), strings.LastIndexByte(t, '.')
	switch {
	case c >= 0 && p >= 0:
		if c > p {
			return ',', true
		}
		return '.', true
	case c < 0 && p < 0:
		return '.', true
	case strings.Count(t, ",") > 1:
		return '.', true
	case strings.Count(t, ".") > 1:
		return ',', true
	}
	i := max(c, p)
	if len(t)-i-1 != 3 || i == 0 || i > 3 || t[0] == '0' {
		return rune(t[i]), true
	}
	return 0, false
}

// ambiguousComma explains how 1,250 was read without a decimal mark set.
func ambiguousComma(s, t string) string {
	if !strings.Contains(t, ",") {
		return ""
	}
	return fmt.Sprintf("%q is ambiguous: read as %s (a comma grouping thousands), but with a decimal comma it is %s; say which with nexset.decimal: comma or point (--decimal)",
		s, strings.ReplaceAll(t, ",", ""), strings.ReplaceAll(t, ",", "."))
}

// ambiguousPoint explains how 1.250 was read without a decimal mark set.
func ambiguousPoint(t, dec string) string {
	if dec != "" {
		return ""
	}
	if m, ok := markOf(strings.TrimLeft(t, "+-")); ok || m != 0 || !strings.Contains(t, ".") {
		return ""
	}
	return fmt.Sprintf("%q is ambiguous: read as %s (a decimal point), but with a decimal comma it is %s; say which with nexset.decimal: comma or point (--decimal)",
		t, t, strings.ReplaceAll(t, ".", ""))
}

func groupedDigits(s string, group rune) bool {
	parts := strings.Split(s, string(group))
	if len(parts) == 1 {
		return allDigits(s)
	}
	for i, p := range parts {
		if !allDigits(p) || (i > 0 && len(p) != 3) || (i == 0 && len(p) > 3) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func notNumber(s, dec string) error {
	switch dec {
	case DecimalComma:
		return fmt.Errorf("%q is not a number with a decimal comma (nexset.decimal: comma)", s)
	case DecimalPoint:
		return fmt.Errorf("%q is not a number with a decimal point (nexset.decimal: point)", s)
	}
	return fmt.Errorf("%q is not a number", s)
}

// parseFloatText reads t, the cleaned text of s, as a double.
func parseFloatText(s, t string) (float64, error) {
	f, err := strconv.ParseFloat(t, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) || math.IsInf(f, 0):
		return 0, fmt.Errorf("%q is too large for a number (a double)", s)
	case err != nil || math.IsNaN(f):
		return 0, fmt.Errorf("%q is not a number", s)
	case f == 0 && nonZeroText(t):
		return 0, fmt.Errorf("%q is too small for a number (a double): it would be sent as 0", s)
	}
	return f, nil
}

// numericConversions read text under the destination's decimal mark.
var numericConversions = map[string]bool{"number": true, "money": true, "hours_to_seconds": true, "minutes_to_seconds": true}

// ambiguousNumber says why a mapped text value's number depends on the
// decimal mark, which the destination does not set (1,250); "" otherwise.
func (p *Planner) ambiguousNumber(m Mapping, raw any) string {
	s, ok := raw.(string)
	if !ok || m.Const || p.num.decimal != "" || !numericConversions[m.Convert] {
		return ""
	}
	if m.Convert == "money" {
		mo, err := splitMoney(s)
		if err != nil {
			return ""
		}
		s = mo.text
	}
	_, why, err := readDecimal(s, "")
	if err != nil {
		return ""
	}
	return why
}
