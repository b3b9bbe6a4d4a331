package flow

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cliodest/cliodest/clio"
)

// Mapping fills one target attribute of the body (dotted: "matter.id") from a
// record attribute (Source) or a constant (Value, when Const), optionally
// through a conversion (see Conversions).
type Mapping struct {
	Target  string
	Source  string
	Value   any  // the constant; may be nil (JSON null) when Const
	Const   bool // Value is used instead of Source
	Convert string
}

// String renders a mapping the way the flags write it.
func (m Mapping) String() string {
	if m.Const {
		return fmt.Sprintf("%s=%v (constant)", m.Target, m.Value)
	}
	if m.Convert != "" {
		return m.Target + "=" + m.Source + ":" + m.Convert
	}
	return m.Target + "=" + m.Source
}

// ParseMapFlag reads "target=source" or "target=source:convert"; the
// conversion may carry an input layout: "date=work_date:date:DD/MM/YYYY".
func ParseMapFlag(s string) (Mapping, error) {
	target, rest, ok := strings.Cut(s, "=")
	target, rest = strings.TrimSpace(target), strings.TrimSpace(rest)
	if !ok || target == "" || rest == "" {
		return Mapping{}, fmt.Errorf("--map %q: write target=source or target=source:conversion", s)
	}
	m, err := ParseSource(target, rest)
	if err != nil {
		return Mapping{}, fmt.Errorf("--map %q: %w", s, err)
	}
	return m, nil
}

// ParseSource reads what fills target from each record: "source" or
// "source:conversion". Its errors name no flag, so a question can show them.
func ParseSource(target, answer string) (Mapping, error) {
	m := Mapping{Target: target, Source: strings.TrimSpace(answer)}
	if src, conv, ok := strings.Cut(m.Source, ":"); ok {
		m.Source, m.Convert = strings.TrimSpace(src), strings.TrimSpace(conv)
		if m.Convert == "" {
			return Mapping{}, fmt.Errorf("empty conversion after ':' (use one of %s)", strings.Join(Conversions(), ", "))
		}
		if err := checkConversion(m.Convert); err != nil {
			return Mapping{}, err
		}
	}
	if !validPath(m.Target) || !validSource(m.Source) {
		return Mapping{}, fmt.Errorf("attribute paths are dotted names like matter.id")
	}
	return m, nil
}

// ParseSetFlag reads "target=value". The value takes the type of the target
// attribute in the catalogue (data may be nil); unknown targets read
// integers, numbers, true/false and null, and keep anything else as text.
func ParseSetFlag(s string, data *clio.Attr) (Mapping, error) {
	target, raw, ok := strings.Cut(s, "=")
	target = strings.TrimSpace(target)
	if !ok || !validPath(target) {
		return Mapping{}, fmt.Errorf("--set %q: write target=value, e.g. type=TimeEntry", s)
	}
	v, err := ParseConstant(raw, data.At(target))
	if err != nil {
		return Mapping{}, fmt.Errorf("--set %q: %w", s, err)
	}
	return Mapping{Target: target, Value: v, Const: true}, nil
}

// ParseConstant types a constant typed as text by the target attribute a (may be nil).
func ParseConstant(raw string, a *clio.Attr) (any, error) {
	if raw == "null" {
		return nil, nil
	}
	if a != nil {
		switch a.Type {
		case "string":
			return raw, nil
		case "integer":
			return toInteger(raw)
		case "number":
			f, err := toNumber(raw)
			return numberValue(f), err
		case "boolean":
			return toBool(raw)
		}
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil && (raw == "0" || !strings.HasPrefix(raw, "0")) {
		return n, nil
	}
	if f, err := strconv.ParseFloat(raw, 64); err == nil && !strings.HasPrefix(raw, "0") {
		return f, nil
	}
	if raw == "true" || raw == "false" {
		return raw == "true", nil
	}
	return raw, nil
}

// MarshalYAML writes a mapping as a one-line flow mapping.
func (m Mapping) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	add := func(k string, v *yaml.Node) {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	add("target", &yaml.Node{Kind: yaml.ScalarNode, Value: m.Target})
	if m.Const {
		var v yaml.Node
		if err := v.Encode(m.Value); err != nil {
			return nil, fmt.Errorf("mapping %s: constant: %w", m.Target, err)
		}
		add("value", &v)
	} else {
		add("source", &yaml.Node{Kind: yaml.ScalarNode, Value: m.Source})
	}
	if IsValues(m.Convert) {
		ps, err := ParseValues(m.Convert)
		if err != nil {
			return nil, fmt.Errorf("mapping %s: %w", m.Target, err)
		}
		add("values", valuesNode(ps))
	} else if m.Convert != "" {
		add("convert", &yaml.Node{Kind: yaml.ScalarNode, Value: m.Convert})
	}
	return n, nil
}

// valuesNode writes pairs as a one-line YAML map, {"Y": false, "N": true}:
// keys are always text (quoted where YAML would read them otherwise), and
// values are written plainly, since the target attribute types them.
func valuesNode(ps []ValuePair) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, p := range ps {
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p.From}
		v := &yaml.Node{Kind: yaml.ScalarNode, Value: p.To}
		if p.To == "" || strings.ContainsAny(p.To, ":,{}[]#&*!|>'\"%@`") || strings.TrimSpace(p.To) != p.To {
			v.Style = yaml.DoubleQuotedStyle
		}
		n.Content = append(n.Content, k, v)
	}
	return n
}

// valuesFromNode reads a values map ({Y: false, N: true}) as the text of
// each key and value, in the order written.
func valuesFromNode(v *yaml.Node) (string, error) {
	if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
		return "", fmt.Errorf("line %d: values is a map of the Nexset's values to Clio's, e.g. values: {Y: false, N: true}", v.Line)
	}
	var ps []ValuePair
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, to := v.Content[i], v.Content[i+1]
		if k.Kind != yaml.ScalarNode || to.Kind != yaml.ScalarNode {
			return "", fmt.Errorf("line %d: values: each entry is one value: another value, e.g. Y: false", k.Line)
		}
		from := k.Value
		if k.Tag == "!!null" {
			from = ""
		}
		val := to.Value
		if to.Tag == "!!null" {
			val = "null"
		}
		ps = append(ps, ValuePair{From: from, To: val})
	}
	spec := FormatValues(ps)
	if _, err := ParseValues(spec); err != nil {
		return "", fmt.Errorf("line %d: %w", v.Line, err)
	}
	return spec, nil
}

// UnmarshalYAML reads a mapping, reporting unknown keys with their line.
func (m *Mapping) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a mapping entry is {target: …, source: …} or {target: …, value: …}", n.Line)}}
	}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		str := func() string {
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				errs = append(errs, fmt.Sprintf("line %d: %s must be text", v.Line, k.Value))
				return ""
			}
			return v.Value
		}
		switch k.Value {
		case "target":
			m.Target = str()
		case "source":
			m.Source = str()
		case "convert":
			if IsValues(m.Convert) {
				errs = append(errs, fmt.Sprintf("line %d: give convert or values, not both", k.Line))
			}
			m.Convert = str()
		case "values":
			if m.Convert != "" {
				errs = append(errs, fmt.Sprintf("line %d: give convert or values, not both", k.Line))
			}
			spec, err := valuesFromNode(v)
			if err != nil {
				errs = append(errs, err.Error())
			}
			m.Convert = spec
		case "value":
			m.Const = true
			var x any
			if err := v.Decode(&x); err != nil {
				errs = append(errs, fmt.Sprintf("line %d: value: %v", v.Line, err))
			}
			m.Value = normaliseYAML(x)
		default:
			errs = append(errs, fmt.Sprintf("line %d: field %s not found in type flow.Mapping", k.Line, k.Value))
		}
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

// normaliseYAML turns YAML-decoded values into the JSON-decoded shapes the
// rest of flow uses (int → int64, map[string]any kept).
func normaliseYAML(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case uint64:
		return int64(x)
	case map[string]any:
		for k, e := range x {
			x[k] = normaliseYAML(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normaliseYAML(e)
		}
		return x
	}
	return v
}
