package flow

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Conversions lists the conversion names a mapping may use, in the order a
// picker shows them.
func Conversions() []string {
	return []string{"hours_to_seconds", "minutes_to_seconds", "date", "datetime", "integer", "number", "string", "boolean"}
}

// ConversionHelp says in a few words what a conversion does.
var ConversionHelp = map[string]string{
	"hours_to_seconds":   "hours (1.5, \"1:30\", \"1h30m\") → whole seconds (Activity quantity, API ≥ 4.0.4)",
	"minutes_to_seconds": "minutes (90, \"1:30\") → whole seconds",
	"date":               "a date (2024-03-05, 03/05/2024 (M/D/Y, warns when ambiguous), 05.03.2024 (D.M.Y), 5 Mar 2024, a timestamp) → YYYY-MM-DD; date:DD/MM/YYYY reads one layout strictly",
	"datetime":           "a date and time (RFC 3339, \"2024-03-05 14:30\" taken as UTC, unix seconds) → RFC 3339; datetime:DD/MM/YYYY hh:mm reads one layout strictly",
	"integer":            "text or number → integer (IDs)",
	"number":             "text or number → number",
	"string":             "any single value → text",
	"boolean":            "true/false, yes/no, y/n, 1/0 → boolean",
}

// errBlank marks an empty text value: a blank CSV cell is "no value", so the
// attribute is left out rather than sent as "" to a typed field.
var errBlank = fmt.Errorf("blank")

// Convert applies a named conversion to one decoded value. null stays null.
func Convert(name string, v any) (any, error) {
	if v == nil || name == "" {
		return v, nil
	}
	if s, ok := v.(string); ok && strings.TrimSpace(s) == "" && name != "string" {
		return nil, errBlank
	}
	if base, layout, ok := splitLayout(name); ok {
		return convertWithLayout(base, layout, v)
	}
	switch name {
	case "hours_to_seconds":
		return scaledSeconds(v, 3600)
	case "minutes_to_seconds":
		return scaledSeconds(v, 60)
	case "date":
		return toDate(v)
	case "datetime":
		return toDateTime(v)
	case "integer":
		return toInteger(v)
	case "number":
		return toNumber(v)
	case "string":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return scalarText(v)
	case "boolean":
		return toBool(v)
	}
	return nil, checkConversion(name)
}

func toNumber(v any) (float64, error) {
	switch x := v.(type) {
	case int64:
		return float64(x), nil
	case int:
		return float64(x), nil
	case float64:
		return x, nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, fmt.Errorf("%q is not a number", x)
		}
		return f, nil
	}
	return 0, fmt.Errorf("a %s is not a number", jsonKind(v))
}

// numberValue keeps integral numbers as integers so JSON shows 5400, not 5400.0.
func numberValue(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

func scaledSeconds(v any, unit float64) (any, error) {
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
			return int64(math.Round(d.Seconds())), nil
		}
	}
	f, err := toNumber(v)
	if err != nil {
		return nil, err
	}
	if f < 0 {
		return nil, fmt.Errorf("%v is negative", v)
	}
	return int64(math.Round(f * unit)), nil
}

func toInteger(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case float64:
		if x != math.Trunc(x) || math.Abs(x) >= 1<<63 {
			return 0, fmt.Errorf("%v is not a whole number", x)
		}
		return int64(x), nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
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
}

// parseWhen reads a date or a date and time; dateOnly is true for plain dates.
func parseWhen(v any) (t time.Time, dateOnly bool, err error) {
	switch x := v.(type) {
	case int64:
		return time.Unix(x, 0).UTC(), false, nil
	case float64:
		return time.Unix(int64(x), 0).UTC(), false, nil
	case string:
		s := strings.TrimSpace(x)
		for _, l := range dateTimeLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, false, nil
			}
		}
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, true, nil
			}
		}
		return time.Time{}, false, fmt.Errorf("%q is not a date I can read (use YYYY-MM-DD)", x)
	}
	return time.Time{}, false, fmt.Errorf("a %s is not a date", jsonKind(v))
}

func toDate(v any) (string, error) {
	t, _, err := parseWhen(v)
	if err != nil {
		return "", err
	}
	// A timestamp keeps the calendar day it names in its own zone.
	return t.Format("2006-01-02"), nil
}

func toDateTime(v any) (string, error) {
	t, _, err := parseWhen(v)
	if err != nil {
		return "", err
	}
	return t.Format(time.RFC3339), nil
}
