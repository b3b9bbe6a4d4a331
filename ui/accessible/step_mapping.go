package accessible

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// mappingStep fills the body's attributes: required ones first, each with
// flow's suggestion (or the edited file's choice) as the default.
func (j *journey) mappingStep(context.Context) error {
	var op *clio.Operation
	if p, err := j.d.Plan(); err == nil {
		op = p.Operation()
	}
	old := map[string]flow.Mapping{}
	var order []string
	for _, m := range j.d.Mapping {
		old[m.Target] = m
		order = append(order, m.Target)
	}
	var required []string
	proposed := map[string]flow.Mapping{}
	if op != nil {
		required = flow.RequiredPaths(op)
		ms := flow.Suggest(op, j.schema)
		if m, ok := flow.SuggestType(op, ms); ok {
			ms = append(ms, m)
		}
		for _, m := range ms {
			if _, taken := old[m.Target]; !taken && !j.edit {
				proposed[m.Target] = m
			}
			order = append(order, m.Target)
		}
	}
	for t, m := range old {
		proposed[t] = m
	}
	targets := append([]string{}, required...)
	for _, t := range order {
		if !slices.Contains(targets, t) {
			targets = append(targets, t)
		}
	}

	j.p.say("Mapping: for each Clio attribute, answer with a Nexset attribute (optionally :conversion),")
	j.p.say("=value for a constant, or - to leave it out. Conversions: %s,", strings.Join(flow.Conversions(), ", "))
	j.p.say("date:LAYOUT such as date:DD/MM/YYYY, or values:FROM=TO,… such as Billable?:values:Y=false,N=true.")
	var data *clio.Attr
	if op != nil {
		data = op.Data
	}
	j.d.Mapping = nil
	for _, t := range targets {
		m, ok := proposed[t]
		if err := j.mapOne(t, data, slices.Contains(required, t), m, ok); err != nil {
			return err
		}
	}
	for {
		t, err := j.p.ask("Another Clio attribute to fill (empty to finish)", "")
		if err != nil {
			return err
		}
		if t == "" {
			return nil
		}
		if err := j.mapOne(t, data, false, flow.Mapping{}, false); err != nil {
			return err
		}
	}
}

// mapOne asks for one target until the answer is a valid mapping.
func (j *journey) mapOne(target string, data *clio.Attr, required bool, def flow.Mapping, hasDef bool) error {
	hint := []string{}
	if a := data.At(target); a != nil {
		hint = append(hint, a.Type)
		if len(a.Enum) > 0 {
			hint = append(hint, "one of "+strings.Join(a.Enum, ", "))
		}
	} else if data != nil {
		hint = append(hint, "not documented by Clio for this endpoint")
	}
	if required {
		hint = append(hint, "required")
	}
	if ls := flow.LookupsFor(target); len(ls) > 0 { // a firm's reference looked up: matter_number:lookup:matters.display_number
		hint = append(hint, "or SOURCE:"+strings.Join(ls, " / SOURCE:"))
	}
	q := target
	if len(hint) > 0 {
		q += " (" + strings.Join(hint, ", ") + ")"
	}
	d := ""
	if hasDef {
		d = answerOf(def)
	}
	_, err := j.p.askValid(q, d, func(a string) error {
		switch {
		case a == "-":
			if required {
				j.p.say("  Left out, but Clio requires %s: the records will be refused until something fills it.", target)
			}
			return nil
		case a == "":
			if required {
				return fmt.Errorf("%s is required by Clio: give a Nexset attribute, =value for a constant, or - to leave it out", target)
			}
			return nil
		case strings.HasPrefix(a, "="):
			m, err := flow.ParseSetFlag(target+a, data)
			if err != nil {
				return err
			}
			return j.addMapping(m)
		}
		m, err := flow.ParseMapFlag(target + "=" + a)
		if err != nil {
			return err
		}
		if !j.hasAttr(m.Source) {
			return fmt.Errorf("%q is not an attribute of the Nexset", m.Source)
		}
		return j.addMapping(m)
	})
	if err != nil {
		return err
	}
	return nil
}

// addMapping keeps m when flow's file checks accept it.
func (j *journey) addMapping(m flow.Mapping) error {
	j.d.Mapping = append(j.d.Mapping, m)
	if err := j.checkFields("mapping"); err != nil {
		j.d.Mapping = j.d.Mapping[:len(j.d.Mapping)-1]
		return err
	}
	return nil
}

// answerOf renders a mapping the way mapOne reads it back.
func answerOf(m flow.Mapping) string {
	if m.Const {
		if m.Value == nil {
			return "=null"
		}
		return fmt.Sprintf("=%v", m.Value)
	}
	if m.Convert != "" {
		return m.Source + ":" + m.Convert
	}
	return m.Source
}
