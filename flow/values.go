package flow

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/cliodest/cliodest/clio"
)

// A values conversion maps each value a Nexset writes to the value Clio
// takes: "values:Y=false,N=true" sends false for Y. It serves booleans
// that mean the opposite (Billable? → non_billable) and every enum
// (status, priority, activity type). A value that is not listed fails the
// record, naming it: nothing is guessed.

// valuesPrefix starts a values conversion.
const valuesPrefix = "values:"

// ValuePair is one FROM=TO of a values conversion.
type ValuePair struct{ From, To string }

var valuesCache sync.Map // spec → []ValuePair

// IsValues reports whether a conversion is a values conversion.
func IsValues(conv string) bool { return strings.HasPrefix(conv, valuesPrefix) }

// ParseValues reads the pairs of "values:FROM=TO,…" (or the part after
// "values:"). A comma inside a value is written "\," and a backslash "\\";
// FROM may be empty, for a blank cell.
func ParseValues(conv string) ([]ValuePair, error) {
	spec := strings.TrimPrefix(conv, valuesPrefix)
	if ps, ok := valuesCache.Load(spec); ok {
		return ps.([]ValuePair), nil
	}
	if strings.TrimSpace(spec) == "" {
		return nil, fmt.Errorf("values: list the pairs, e.g. values:Y=false,N=true")
	}
	items, err := splitEscaped(spec, "values")
	if err != nil {
		return nil, err
	}
	var out []ValuePair
	for i, it := range items {
		from, to, ok := strings.Cut(it, "=")
		if !ok {
			return nil, fmt.Errorf("values: pair %d %q has no '=' (write FROM=TO, e.g. Y=false)", i+1, it)
		}
		p := ValuePair{From: strings.TrimSpace(from), To: strings.TrimSpace(to)}
		if slices.ContainsFunc(out, func(q ValuePair) bool { return q.From == p.From }) {
			return nil, fmt.Errorf("values: %q is listed twice", p.From)
		}
		out = append(out, p)
	}
	valuesCache.Store(spec, out)
	return out, nil
}

// FormatValues writes pairs as a values conversion; ParseValues reads it back.
func FormatValues(ps []ValuePair) string {
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = commaEscaper.Replace(p.From) + "=" + commaEscaper.Replace(p.To)
	}
	return valuesPrefix + strings.Join(items, ",")
}

// convertValues maps v by the pairs of conv, typing the result by the
// target attribute a (nil when unknown: true/false, numbers and null are
// read as such, anything else is text). An exact match wins; else a value
// that matches exactly one pair ignoring case (a CSV's TRUE for true).
func convertValues(conv string, v any, a *clio.Attr) (any, error) {
	ps, err := ParseValues(conv)
	if err != nil {
		return nil, err
	}
	text := ""
	if s, ok := v.(string); ok {
		text = strings.TrimSpace(s)
	} else if text, err = scalarText(v); err != nil {
		return nil, fmt.Errorf("a value that %s cannot be looked up in values", err)
	}
	var hit *ValuePair
	for i, p := range ps {
		if p.From == text {
			hit = &ps[i]
			break
		}
		if strings.EqualFold(p.From, text) {
			if hit != nil {
				return nil, fmt.Errorf("%q matches both %q and %q of values when case is ignored: list it exactly", text, hit.From, p.From)
			}
			hit = &ps[i]
		}
	}
	if hit == nil {
		if text == "" {
			return nil, errBlank
		}
		return nil, fmt.Errorf("%q is not listed in values (%s): add %s=… to the list", text, valuesFroms(ps), text)
	}
	to, err := ParseConstant(hit.To, a)
	if err != nil {
		return nil, fmt.Errorf("values: %s=%s: %w", hit.From, hit.To, err)
	}
	return to, nil
}

func valuesFroms(ps []ValuePair) string {
	froms := make([]string, len(ps))
	for i, p := range ps {
		froms[i] = p.From
		if p.From == "" {
			froms[i] = `"" (blank)`
		}
	}
	return strings.Join(froms, ", ")
}

// checkValuesTargets reports each TO that the target attribute a cannot
// take: the wrong type, or not one of its allowed values.
func checkValuesTargets(conv string, a *clio.Attr, target string) []string {
	ps, err := ParseValues(conv)
	if err != nil || a == nil {
		return nil
	}
	var out []string
	for _, p := range ps {
		v, err := ParseConstant(p.To, a)
		switch {
		case err != nil:
			out = append(out, fmt.Sprintf("%s=%s: %s is %s, and %v", p.From, p.To, target, withArticle(a.Type), err))
		case len(a.Enum) > 0 && v != nil && !slices.Contains(a.Enum, fmt.Sprint(v)):
			out = append(out, fmt.Sprintf("%s=%s: %s is one of %s", p.From, p.To, target, strings.Join(a.Enum, ", ")))
		}
	}
	return out
}

func withArticle(kind string) string {
	if kind != "" && strings.IndexByte("aeiou", kind[0]) >= 0 {
		return "an " + kind
	}
	return "a " + kind
}
