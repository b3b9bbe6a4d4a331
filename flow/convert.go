package flow

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/lookup"
)

// Conversions lists the conversion names a mapping may use, in the order a
// picker shows them.
func Conversions() []string {
	return []string{"hours_to_seconds", "minutes_to_seconds", "date", "datetime", "integer", "number", "money", "string", "boolean", "boolean:not"}
}

// ConversionHelp says in a few words what a conversion does.
var ConversionHelp = map[string]string{
	"hours_to_seconds":   "hours (1.5, \"1:30\", \"1h30m\") → whole seconds (Activity quantity, API ≥ 4.0.4)",
	"minutes_to_seconds": "minutes (90, \"1:30\") → whole seconds",
	"date":               "a date (2024-03-05, 03/05/2024 (M/D/Y, warns when ambiguous), 05.03.2024 (D.M.Y), 5 Mar 2024, a timestamp) → YYYY-MM-DD; date:DD/MM/YYYY reads one layout strictly (and YYYY-MM-DD, as a workbook's date cells arrive)",
	"datetime":           "a date and time (RFC 3339, \"2024-03-05 14:30\", 12/18/2026 17:00, a date alone as its midnight, unix seconds; in the destination's timezone, else UTC) → RFC 3339; datetime:MM/DD/YYYY[ hh:mm] reads one layout strictly, the time optional",
	"integer":            "text or number → integer (IDs)",
	"number":             "text or number → number (1,234.56 and 1.234,56 as written; nexset.decimal settles 1,250)",
	"money":              "an amount ($1,200.00, 1.234,56 €, USD 80, (45.00), 45.00-) → number; a currency other than the destination's is refused",
	"string":             "any single value → text",
	"boolean":            "true/false, yes/no, y/n, 1/0 → boolean",
	"boolean:not":        "true/false, yes/no, y/n, 1/0 → the opposite boolean (Billable? Y → non_billable false)",
	"values":             "values:FROM=TO,… maps each listed value (values:Y=false,N=true); a value not listed fails its record",
}

// errBlank marks an empty text value: a blank CSV cell is "no value", so the
// attribute is left out rather than sent as "" to a typed field.
var errBlank = fmt.Errorf("blank")

// Convert applies a named conversion to one decoded value. null stays null.
func Convert(name string, v any) (any, error) { return convertFor(name, v, nil, nil) }

// convertFor is Convert for a target attribute a (nil when unknown), which
// types the results of a values conversion, in the destination's time zone
// loc (nil: UTC), where dates and times written without an offset are read.
func convertFor(name string, v any, a *clio.Attr, loc *time.Location) (any, error) {
	return convertNum(name, v, a, loc, numberFormat{})
}

// numberFormat is how the destination's numbers are written: its decimal
// mark (nexset.decimal) and currency.
type numberFormat struct{ decimal, currency string }

// convertNum is convertFor with numbers read as nf says.
func convertNum(name string, v any, a *clio.Attr, loc *time.Location, nf numberFormat) (any, error) {
	if loc == nil {
		loc = time.UTC
	}
	if v == nil || name == "" {
		return v, nil
	}
	if IsValues(name) {
		return convertValues(name, v, a) // it may list a blank cell
	}
	if s, ok := v.(string); ok && strings.TrimSpace(s) == "" && name != "string" {
		return nil, errBlank
	}
	if base, layout, ok := splitLayout(name); ok {
		return convertWithLayout(base, layout, v, loc)
	}
	switch name {
	case "hours_to_seconds":
		return scaledSeconds(v, 3600, nf.decimal)
	case "minutes_to_seconds":
		return scaledSeconds(v, 60, nf.decimal)
	case "date":
		return toDate(v, loc)
	case "datetime":
		return toDateTime(v, loc)
	case "integer":
		return toInteger(v)
	case "number":
		if n, ok := v.(int64); ok && (n > 1<<53 || n < -1<<53) {
			return n, nil // a double would round it; the integer is a valid JSON number as it is
		}
		return toNumberIn(v, nf.decimal)
	case "money":
		return toMoney(v, nf.decimal, nf.currency)
	case "string":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return scalarText(v)
	case "boolean":
		return toBool(v)
	case "boolean:not":
		b, err := toBool(v)
		return !b, err
	}
	if lookup.Is(name) {
		return nil, errLookupHere // made by a Planner with lookups (lookupconv.go)
	}
	return nil, checkConversion(name)
}

func toNumber(v any) (float64, error) { return toNumberIn(v, "") }

// toNumberIn reads a number; text is read under the decimal mark dec
// (DecimalComma, DecimalPoint, or "" for what is unambiguous).
func toNumberIn(v any, dec string) (float64, error) {
	switch x := v.(type) {
	case int64:
		return float64(x), nil
	case int:
		return float64(x), nil
	case float64:
		return x, nil
	case string:
		f, _, err := readDecimal(x, dec)
		return f, err
	}
	return 0, fmt.Errorf("a %s is not a number", jsonKind(v))
}

// nonZeroText reports whether a number written as text has a non-zero
// digit before its exponent: "1e-400" is not zero, though it reads as 0.
func nonZeroText(s string) bool {
	mant, _, _ := strings.Cut(strings.ToLower(s), "e")
	return strings.ContainsAny(mant, "123456789")
}

// numberValue keeps integral numbers as integers so JSON shows 5400, not 5400.0.
func numberValue(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

func scaledSeconds(v any, unit float64, dec string) (any, error) {
	if s, ok := v.(string); ok {
		s = strings.TrimSpace(s)
		// "1:30" is hours:minutes for hours, minutes:seconds for minutes.
		if a, b, ok := strings.Cut(s, ":"); ok {
			hi, err1 := strconv.ParseUint(a, 10, 32)
			lo, err2 := strconv.ParseUint(b, 10, 32)
			if err1 != nil || err2 != nil || lo >= 60 {
				return nil, fmt.Errorf("%q is not a duration like 1:30", s)
			}
			return int64(float64(hi)*unit + float64(lo)*unit/60), nil
		}
		if d, err := time.ParseDuration(s); err == nil && strings.ContainsAny(s, "hms") {
			if d < 0 {
				return nil, fmt.Errorf("%q is negative", s)
			}
			secs := int64(math.Round(d.Seconds()))
			if secs == 0 && (d != 0 || nonZeroText(s)) {
				return nil, fmt.Errorf("%q is less than half a second: it would be sent as 0", s)
			}
			return secs, nil
		}
	}
	f, err := toNumberIn(v, dec)
	if err != nil {
		return nil, err
	}
	if f < 0 {
		return nil, fmt.Errorf("%v is negative", v)
	}
	secs := math.Round(f * unit)
	switch {
	case secs >= maxExactSeconds:
		return nil, fmt.Errorf("%v is too large: %g seconds cannot be sent as a whole number", v, secs)
	case secs == 0 && f != 0:
		return nil, fmt.Errorf("%v is less than half a second: it would be sent as 0", v)
	}
	return int64(secs), nil
}

// maxExactSeconds bounds a converted duration: whole seconds beyond 2^53
// are not exact in a JSON number, and beyond 2^63 they overflow an integer.
const maxExactSeconds = 1 << 53

func toInteger(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case float64:
		if math.Abs(x) >= 1<<63 {
			return 0, fmt.Errorf("%v is too large for an integer (at most 9223372036854775807)", x)
		}
		if x != math.Trunc(x) {
			return 0, fmt.Errorf("%v is not a whole number", x)
		}
		return int64(x), nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is too large for an integer (at most 9223372036854775807)", x)
		}
		if err != nil {
			return 0, fmt.Errorf("%q is not an integer", x)
		}
		return n, nil
	}
	return 0, fmt.Errorf("a %s is not an integer", jsonKind(v))
}

func toBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "y", "1", "t":
			return true, nil
		case "false", "no", "n", "0", "f":
			return false, nil
		}
		return false, fmt.Errorf("%q is not true/false, yes/no or 1/0", x)
	}
	return false, fmt.Errorf("%v is not a boolean", v)
}

var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "20060102",
	"01/02/2006", "1/2/2006", "01-02-2006",
	"02.01.2006", "2.1.2006",
	"2 Jan 2006", "02 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006", "Jan 2 2006",
	"Mon, 02 Jan 2006",
}

var dateTimeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02 15:04:05Z07:00", time.RFC1123Z, time.RFC1123,
	// Month first, as plain dates are (ambiguous ones warn), and D.M.Y.
	"1/2/2006 15:04", "1/2/2006 15:04:05", "1-2-2006 15:04", "2.1.2006 15:04", "2.1.2006 15:04:05",
}

// parseWhen reads a date or a date and time; dateOnly is true for plain
// dates. Text without an offset is read in loc (a plain date: its midnight);
// unix seconds are an instant, shown in loc.
func parseWhen(v any, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	switch x := v.(type) {
	case int64:
		t, dateOnly, err = unixTime(float64(x))
		return t.In(loc), dateOnly, err
	case float64:
		t, dateOnly, err = unixTime(x)
		return t.In(loc), dateOnly, err
	case string:
		s := strings.TrimSpace(x)
		if isISODate(s) {
			// The common case first: no date-and-time layout reads ten
			// characters, so trying them all would only fail.
			if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
				return t, true, nil
			}
		}
		for _, l := range dateTimeLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, false, nil
			}
		}
		for _, l := range dateLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, true, nil
			}
		}
		return time.Time{}, false, errUnreadable{s}
	}
	return time.Time{}, false, fmt.Errorf("a %s is not a date", jsonKind(v))
}

// isISODate reports whether s has the shape of YYYY-MM-DD.
func isISODate(s string) bool {
	return len(s) == len(time.DateOnly) && s[4] == '-' && s[7] == '-'
}

// unixTime reads unix seconds; a time outside years 1–9999 cannot be written
// as a date, so it is refused rather than wrapped round.
func unixTime(secs float64) (time.Time, bool, error) {
	const first, last = -62135596800, 253402300799 // 0001-01-01, 9999-12-31T23:59:59 UTC
	if math.IsNaN(secs) || secs < first || secs > last {
		return time.Time{}, false, fmt.Errorf("%v is out of range for a date (unix seconds between %d and %d)", secs, int64(first), int64(last))
	}
	return time.Unix(int64(secs), 0).UTC(), false, nil
}

// errUnreadable is text that no built-in reading of dates takes.
type errUnreadable struct{ s string }

func (e errUnreadable) Error() string { return fmt.Sprintf("%q is not a date I can read", e.s) }

// readWhen is parseWhen for the conversion base (date or datetime): text it
// cannot read gets a hint naming the layout that would (base:LAYOUT).
func readWhen(base string, v any, loc *time.Location) (time.Time, error) {
	t, _, err := parseWhen(v, loc)
	if u, ok := err.(errUnreadable); ok {
		if h := layoutHint(u.s); h != "" {
			return t, fmt.Errorf("%v: convert with %s:%s", u, base, h)
		}
		return t, fmt.Errorf("%v (use YYYY-MM-DD, or give its layout, e.g. %s:DD/MM/YYYY)", u, base)
	}
	return t, err
}

func toDate(v any, loc *time.Location) (string, error) {
	t, err := readWhen("date", v, loc)
	if err != nil {
		return "", err
	}
	// A timestamp keeps the calendar day it names in its own zone.
	return t.Format("2006-01-02"), nil
}

func toDateTime(v any, loc *time.Location) (string, error) {
	t, err := readWhen("datetime", v, loc)
	if err != nil {
		return "", err
	}
	return t.Format(time.RFC3339), nil
}
