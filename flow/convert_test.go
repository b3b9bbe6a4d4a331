package flow

import (
	"strings"
	"testing"
	"time"
)

func TestConvert(t *testing.T) {
	tests := []struct {
		conv    string
		in      any
		want    any
		wantErr string
	}{
		{"hours_to_seconds", 1.5, int64(5400), ""},
		{"hours_to_seconds", int64(2), int64(7200), ""},
		{"hours_to_seconds", "0.1", int64(360), ""},
		{"hours_to_seconds", "1:30", int64(5400), ""},
		{"hours_to_seconds", "1h15m", int64(4500), ""},
		{"hours_to_seconds", "-1", nil, "negative"},
		{"hours_to_seconds", "abc", nil, "not a number"},
		{"hours_to_seconds", "1:75", nil, "not a duration"},
		{"hours_to_seconds", true, nil, "not a number"},
		{"minutes_to_seconds", int64(90), int64(5400), ""},
		{"minutes_to_seconds", "1:30", int64(90), ""},
		{"date", "2024-03-05", "2024-03-05", ""},
		{"date", "03/05/2024", "2024-03-05", ""},
		{"date", "3/5/2024", "2024-03-05", ""},
		{"date", "05.03.2024", "2024-03-05", ""},
		{"date", "5 Mar 2024", "2024-03-05", ""},
		{"date", "March 5, 2024", "2024-03-05", ""},
		{"date", "2024-03-05T23:30:00-08:00", "2024-03-05", ""},
		{"date", "20240305", "2024-03-05", ""},
		{"date", "13/45/2024", nil, "not a date"},
		{"date", "yesterday", nil, "not a date"},
		{"date", " 2024-03-05 ", "2024-03-05", ""},
		{"date", "2024-02-30", nil, "not a date"},
		{"date", "2024-13-05", nil, "not a date"},
		{"datetime", "2024-03-05 14:30", "2024-03-05T14:30:00Z", ""},
		{"datetime", "2024-03-05", "2024-03-05T00:00:00Z", ""},
		{"datetime", "2024-03-05T14:30:00+02:00", "2024-03-05T14:30:00+02:00", ""},
		{"datetime", int64(0), "1970-01-01T00:00:00Z", ""},
		{"integer", "3001", int64(3001), ""},
		{"integer", 3001.0, int64(3001), ""},
		{"integer", 30.5, nil, "not a whole number"},
		{"integer", "30x", nil, "not an integer"},
		{"number", "2.50", 2.5, ""},
		{"number", int64(3), 3.0, ""},
		{"number", "NaN", nil, "not a number"},
		{"string", int64(12), "12", ""},
		{"string", "", "", ""},
		{"string", map[string]any{}, nil, "not a single value"},
		{"boolean", "Yes", true, ""},
		{"boolean", "0", false, ""},
		{"boolean", "maybe", nil, "not true/false"},
		// Results that overflow the target or lose the value are refused (issue 17).
		{"hours_to_seconds", 1e308, nil, "too large"},
		{"hours_to_seconds", "1e308", nil, "too large"},
		{"hours_to_seconds", "1e400", nil, "too large for a number"},
		{"hours_to_seconds", 1e-320, nil, "would be sent as 0"},
		{"hours_to_seconds", "1e-400", nil, "would be sent as 0"},
		{"minutes_to_seconds", "0.001", nil, "would be sent as 0"},
		{"hours_to_seconds", "0", int64(0), ""},
		{"hours_to_seconds", "1ns", nil, "would be sent as 0"},
		{"number", "1e-400", nil, "too small"},
		{"number", "1e-320", 1e-320, ""},
		{"number", int64(9007199254740993), int64(9007199254740993), ""},
		{"integer", "99999999999999999999", nil, "too large for an integer"},
		{"integer", 1e19, nil, "too large for an integer"},
		{"datetime", int64(1e15), nil, "out of range for a date"},
		{"date", 1e308, nil, "out of range for a date"},
		{"integer", nil, nil, ""}, // null stays null
		{"bogus", "x", nil, "unknown conversion"},
	}
	for _, tt := range tests {
		t.Run(tt.conv+"/"+strings.ReplaceAll(toText(tt.in), "/", "_"), func(t *testing.T) {
			got, err := Convert(tt.conv, tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Convert(%s, %v) error = %v, want %q", tt.conv, tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Convert(%s, %#v) = %#v, %v; want %#v", tt.conv, tt.in, got, err, tt.want)
			}
		})
	}
}

func TestConvertBlankIsAbsent(t *testing.T) {
	for _, c := range []string{"integer", "date", "hours_to_seconds", "boolean"} {
		if _, err := Convert(c, "  "); err != errBlank {
			t.Errorf("Convert(%s, blank) = %v, want errBlank", c, err)
		}
	}
}

func toText(v any) string {
	s, err := scalarText(v)
	if err != nil {
		return "x"
	}
	return s
}

// TestISODateReadByNoDateTimeLayout guards parseWhen's shortcut: a
// YYYY-MM-DD text is read as a plain date before the date-and-time
// layouts are tried, which holds only while none of them reads it.
func TestISODateReadByNoDateTimeLayout(t *testing.T) {
	for _, l := range dateTimeLayouts {
		if _, err := time.Parse(l, "2024-03-05"); err == nil {
			t.Errorf("the date-and-time layout %q reads 2024-03-05: parseWhen's YYYY-MM-DD shortcut would change its result", l)
		}
	}
}
