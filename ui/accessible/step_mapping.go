package accessible

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// mappingStep fills the body's attributes: required ones first, each with
// flow's suggestion (or the edited file's choice) as the default.
func (j *journey) mappingStep(ctx context.Context) error {
	err := j.mapping()
	if err == nil {
		err = j.customFieldsQuestions(ctx)
	}
	if err == nil {
		j.lookupReport(ctx)
	}
	return err
}

// mapping asks the mapping, attribute by attribute.
func (j *journey) mapping() error {
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
	j.p.say("=value for a constant, or - to leave it out; < goes back one question. Conversions: %s,", strings.Join(flow.Conversions(), ", "))
	j.p.say("date:LAYOUT such as date:DD/MM/YYYY, or values:FROM=TO,… such as Billable?:values:Y=false,N=true.")
	var data *clio.Attr
	if op != nil {
		data = op.Data
	}
	j.d.Mapping = nil
	// Answers are kept by target, so going back and answering again
	// replaces the earlier answer.
	for i := 0; i < len(targets); {
		t := targets[i]
		m, ok := proposed[t]
		if cur, has := j.mappingOf(t); has {
			m, ok = cur, true
		}
		err := j.mapOne(t, data, slices.Contains(required, t), m, ok)
		switch {
		case errors.Is(err, errBack) && i == 0:
			return err
		case errors.Is(err, errBack):
			i--
		case err != nil:
			return err
		default:
			i++
		}
	}
	for {
		if rest := j.unasked(op, targets); len(rest) > 0 {
			j.p.say("Other Clio attributes: %s.", strings.Join(rest, ", "))
		}
		t, err := j.p.ask("Another Clio attribute to fill (empty to finish, < to go back)", "")
		if err != nil {
			return err
		}
		switch {
		case t == "":
			return nil
		case isBack(t) && len(targets) == 0:
			return errBack
		case isBack(t):
			t = targets[len(targets)-1] // the question before this one, again
		}
		if !slices.Contains(targets, t) {
			targets = append(targets, t)
		}
		cur, has := j.mappingOf(t)
		if err := j.mapOne(t, data, slices.Contains(required, t), cur, has); err != nil && !errors.Is(err, errBack) {
			return err
		}
	}
}

// unasked are the operation's attributes no question has been about yet.
func (j *journey) unasked(op *clio.Operation, asked []string) []string {
	if op == nil {
		return nil
	}
	var out []string
	for _, l := range op.Leaves() {
		p := l.Path
		if strings.Count(p, "[]") == 1 && strings.Contains(p, "[].") && !strings.HasPrefix(p, "custom_field_values") {
			p = strings.Replace(p, "[].", "[0].", 1) // an item's attribute: [1] for a second item
		}
		if !slices.Contains(asked, p) && !strings.Contains(p, "[]") {
			out = append(out, p)
		}
	}
	return out
}

// mappingOf is the answer kept for target, if any.
func (j *journey) mappingOf(target string) (flow.Mapping, bool) {
	for _, m := range j.d.Mapping {
		if m.Target == target {
			return m, true
		}
	}
	return flow.Mapping{}, false
}

// unmap forgets the answer for target.
func (j *journey) unmap(target string) {
	j.d.Mapping = slices.DeleteFunc(j.d.Mapping, func(m flow.Mapping) bool { return m.Target == target })
}

// mapOne asks for one target until the answer is a valid mapping; the
// answer replaces any earlier one. errBack when the answer is < or back.
func (j *journey) mapOne(target string, data *clio.Attr, required bool, def flow.Mapping, hasDef bool) error {
	hint := []string{}
	a := data.At(target)
	if a != nil {
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
	_, err := j.p.askValid(q, d, func(ans string) error {
		switch {
		case isBack(ans):
			return errBack
		case ans == "-":
			j.unmap(target)
			if required {
				j.p.say("  Left out, but Clio requires %s: the records will be refused until something fills it.", target)
			}
			return nil
		case ans == "":
			if required {
				return fmt.Errorf("%s is required by Clio: give a Nexset attribute, =value for a constant, or - to leave it out", target)
			}
			j.unmap(target)
			return nil
		case strings.HasPrefix(ans, "="):
			v, err := flow.EnumConstant(ans[1:], a)
			if err != nil {
				return err
			}
			if s, ok := v.(string); ok && s != ans[1:] {
				j.p.say("  Taken as %s, as Clio spells it.", s)
			}
			return j.addMapping(flow.Mapping{Target: target, Value: v, Const: true})
		}
		m, err := flow.ParseSource(target, ans)
		if err != nil {
			return err
		}
		if !j.hasAttr(m.Source) {
			return fmt.Errorf("%q is not an attribute of the Nexset", m.Source)
		}
		return j.addMapping(m)
	})
	return err
}

// addMapping keeps m, in place of any earlier answer for its target, when
// flow's file checks accept it.
func (j *journey) addMapping(m flow.Mapping) error {
	before := slices.Clone(j.d.Mapping)
	j.unmap(m.Target)
	j.d.Mapping = append(j.d.Mapping, m)
	if err := j.checkFields("mapping"); err != nil {
		j.d.Mapping = before
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
