package flow

import (
	"strings"
	"testing"
)

func TestReadDecimal(t *testing.T) {
	cases := []struct {
		in, dec string
		want    float64
		why     string // part of the ambiguity warning; "" for none
		err     string
	}{
		{"1.5", "", 1.5, "", ""},
		{"-2e3", "", -2000, "", ""},
		{"1,5", "", 1.5, "", ""},
		{"12,50", "", 12.5, "", ""},
		{"0,250", "", 0.25, "", ""},
		{"1.234,56", "", 1234.56, "", ""},
		{"1,234.56", "", 1234.56, "", ""},
		{"1,234,567", "", 1234567, "", ""},
		{"1.234.567", "", 1234567, "", ""},
		{"1 234,56", "", 1234.56, "", ""},
		{"1'234.56", "", 1234.56, "", ""},
		{"1,250", "", 1250, `"1,250" is ambiguous: read as 1250 (a comma grouping thousands), but with a decimal comma it is 1.250`, ""},
		{"1.250", "", 1.25, `"1.250" is ambiguous: read as 1.250 (a decimal point), but with a decimal comma it is 1250`, ""},
		{"0.250", "", 0.25, "", ""},
		{"1,250", DecimalComma, 1.25, "", ""},
		{"1.250", DecimalComma, 1250, "", ""},
		{"1,5", DecimalComma, 1.5, "", ""},
		{"-1.234,5", DecimalComma, -1234.5, "", ""},
		{"1.5", DecimalComma, 0, "", `"1.5" is not a number with a decimal comma (nexset.decimal: comma)`},
		{"1,250", DecimalPoint, 1250, "", ""},
		{"1.250", DecimalPoint, 1.25, "", ""},
		{"1,5", DecimalPoint, 0, "", `"1,5" is not a number with a decimal point (nexset.decimal: point)`},
		{"12,34,5", "", 0, "", `"12,34,5" is not a number`},
		{"abc", "", 0, "", `"abc" is not a number`},
		{"1,2,3.4,5", "", 0, "", "is not a number"},
	}
	for _, c := range cases {
		got, why, err := readDecimal(c.in, c.dec)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q (%s): %v, %v; want error %q", c.in, c.dec, got, err, c.err)
			}
		case err != nil || got != c.want:
			t.Errorf("%q (%s): %v, %v; want %v", c.in, c.dec, got, err, c.want)
		case (c.why == "") != (why == "") || !strings.Contains(why, c.why):
			t.Errorf("%q (%s): warning %q, want %q", c.in, c.dec, why, c.why)
		}
	}
}

// The decimal mark reaches every numeric conversion.
func TestDecimalMarkObeyed(t *testing.T) {
	comma := numberFormat{decimal: DecimalComma}
	for _, c := range []struct {
		conv, in string
		want     any
	}{
		{"number", "1,5", 1.5},
		{"money", "1.234,56 €", 1234.56},
		{"hours_to_seconds", "1,5", int64(5400)},
		{"minutes_to_seconds", "2,5", int64(150)},
	} {
		got, err := convertNum(c.conv, c.in, nil, nil, comma)
		if err != nil || got != c.want {
			t.Errorf("%s %q: %v, %v; want %v", c.conv, c.in, got, err, c.want)
		}
	}
	if _, err := convertNum("hours_to_seconds", "1.5", nil, nil, comma); err == nil {
		t.Error("1.5 hours under a decimal comma was read")
	}
}
