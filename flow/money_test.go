package flow

import (
	"strings"
	"testing"
)

func TestMoney(t *testing.T) {
	cases := []struct {
		in            any
		dec, currency string
		want          any
		err           string
	}{
		{"$1,200.00", "", "", int64(1200), ""},
		{"1.234,56 €", "", "", 1234.56, ""},
		{"€1.234,56", "", "EUR", 1234.56, ""},
		{"£ 45", "", "GBP", int64(45), ""},
		{"USD 80", "", "USD", int64(80), ""},
		{"80 usd", "", "", int64(80), ""},
		{"CAD 1,250.50", "", "CAD", 1250.5, ""},
		{"AUD 12", "", "", int64(12), ""},
		{"$12", "", "AUD", int64(12), ""},
		{"(45.00)", "", "", int64(-45), ""},
		{"($45.00)", "", "", int64(-45), ""},
		{"45.00-", "", "", int64(-45), ""},
		{"-$45.00", "", "", int64(-45), ""},
		{"$-45.00", "", "", int64(-45), ""},
		{"1,5", DecimalComma, "", 1.5, ""},
		{"1.250", DecimalComma, "", int64(1250), ""},
		{"12.5", "", "", 12.5, ""},
		{int64(7), "", "", int64(7), ""},
		{"80%", "", "", nil, `"80%" is a percentage, not an amount of money`},
		{"(-45)", "", "", nil, "negative more than once"},
		{"€80", "", "USD", nil, `"€80" is not in USD, the destination's currency`},
		{"GBP 80", "", "EUR", nil, "not in EUR"},
		{"$ lots", "", "", nil, `"$ lots" is not an amount of money`},
	}
	for _, c := range cases {
		got, err := convertNum("money", c.in, nil, nil, numberFormat{decimal: c.dec, currency: c.currency})
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: %v, %v; want error %q", c.in, got, err, c.err)
			}
		case err != nil || got != c.want:
			t.Errorf("%v: %v (%T), %v; want %v", c.in, got, got, err, c.want)
		}
	}
}

func TestHasCurrency(t *testing.T) {
	for in, want := range map[string]bool{"$1,200.00": true, "80 EUR": true, "(45.00)": false, "1200": false, "USD": false, "Euro trip": false} {
		if got := HasCurrency(in); got != want {
			t.Errorf("%q: %v", in, got)
		}
	}
}
