package flow

import (
	"fmt"
	"strings"
)

// currencyMarks are the symbols and codes the money conversion drops, with
// the currencies each may stand for ($ is any dollar).
var currencyMarks = []struct {
	mark       string
	currencies []string
}{
	{"USD", []string{"USD"}}, {"EUR", []string{"EUR"}}, {"GBP", []string{"GBP"}},
	{"CAD", []string{"CAD"}}, {"AUD", []string{"AUD"}},
	{"US$", []string{"USD"}}, {"CA$", []string{"CAD"}}, {"C$", []string{"CAD"}}, {"A$", []string{"AUD"}}, {"AU$", []string{"AUD"}},
	{"$", []string{"USD", "CAD", "AUD"}}, {"€", []string{"EUR"}}, {"£", []string{"GBP"}},
}

// Currencies are the ISO codes a destination's currency may name.
var Currencies = []string{"USD", "EUR", "GBP", "CAD", "AUD"}

// money is an amount as written, taken apart.
type money struct {
	text       string   // the number alone, sign included
	currencies []string // what its currency mark may stand for; nil when it has none
}

// splitMoney drops a currency mark before or after the amount and reads an
// accounting negative, (45.00) or 45.00-, as a minus sign (-$45.00 and
// $-45.00 too).
func splitMoney(s string) (money, error) {
	t := strings.TrimSpace(s)
	if strings.Contains(t, "%") {
		return money{}, fmt.Errorf("%q is a percentage, not an amount of money", s)
	}
	minus := 0
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		minus, t = minus+1, strings.TrimSpace(t[1:len(t)-1])
	}
	if strings.HasPrefix(t, "-") {
		minus, t = minus+1, strings.TrimSpace(t[1:])
	}
	var m money
	for _, c := range currencyMarks {
		rest, ok := cutFold(t, c.mark, true)
		if !ok {
			rest, ok = cutFold(t, c.mark, false)
		}
		if ok {
			t, m.currencies = rest, c.currencies
			break
		}
	}
	if strings.HasPrefix(t, "-") {
		minus, t = minus+1, strings.TrimSpace(t[1:])
	}
	if strings.HasSuffix(t, "-") {
		minus, t = minus+1, strings.TrimSpace(t[:len(t)-1])
	}
	switch {
	case minus > 1:
		return money{}, fmt.Errorf("%q is negative more than once", s)
	case minus == 1:
		t = "-" + t
	}
	m.text = t
	return m, nil
}

// cutFold removes mark from the start (or end) of t, ignoring case for
// codes and the spaces between mark and amount.
func cutFold(t, mark string, start bool) (string, bool) {
	if len(t) < len(mark) {
		return t, false
	}
	if start && strings.EqualFold(t[:len(mark)], mark) {
		return strings.TrimSpace(t[len(mark):]), true
	}
	if !start && strings.EqualFold(t[len(t)-len(mark):], mark) {
		return strings.TrimSpace(t[:len(t)-len(mark)]), true
	}
	return t, false
}

// toMoney reads an amount of money under the decimal mark dec. A currency
// mark that cannot be the destination's currency (when set) is refused.
func toMoney(v any, dec, currency string) (any, error) {
	s, ok := v.(string)
	if !ok {
		f, err := toNumberIn(v, dec)
		if err != nil {
			return nil, err
		}
		return numberValue(f), nil
	}
	m, err := splitMoney(s)
	if err != nil {
		return nil, err
	}
	if currency != "" && m.currencies != nil && !containsFold(m.currencies, currency) {
		return nil, fmt.Errorf("%q is not in %s, the destination's currency", s, currency)
	}
	f, _, err := readDecimal(m.text, dec)
	if err != nil {
		return nil, fmt.Errorf("%q is not an amount of money (%v)", s, err)
	}
	return numberValue(f), nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// HasCurrency reports whether a value is text carrying a currency mark
// ($1,200.00, 80 EUR): what makes a column an amount of money.
func HasCurrency(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	m, err := splitMoney(s)
	if err != nil || m.currencies == nil {
		return false
	}
	_, _, err = readDecimal(m.text, "")
	return err == nil
}
