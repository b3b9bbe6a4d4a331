package accessible

import (
	"fmt"
	"slices"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/lookup"
)

// findByQuestion asks, on a create endpoint whose collection Clio can
// update, whether to find an object already in Clio before creating one
// (issue 21): by which of its fields, read from which Nexset attribute, and
// what to do when one is found.
func (j *journey) findByQuestion() error {
	ls := j.d.FindByLookups()
	if len(ls) == 0 {
		j.d.FindBy, j.d.OnExists = nil, ""
		return nil
	}
	labels := []string{"no: always create"}
	def := 0
	for i, l := range ls {
		labels = append(labels, "find it by "+flow.FindByWords(l)+" first")
		if j.d.FindBy != nil && (j.d.FindBy.Lookup == l || lookup.Prefix+j.d.FindBy.Lookup == l) {
			def = i + 1
		}
	}
	i, err := j.p.choose("Before creating, look for an object already in Clio (so it is not created twice)?", labels, def)
	if err != nil {
		return err
	}
	if i == 0 {
		j.d.FindBy, j.d.OnExists = nil, ""
		return nil
	}
	conv := ls[i-1]
	src := flow.FindBySource(conv, j.schema)
	if j.d.FindBy != nil && j.d.FindBy.Source != "" {
		src = j.d.FindBy.Source
	}
	if _, err := j.p.askValid("Nexset attribute holding the value to find it by", src, func(a string) error {
		if !j.hasAttr(a) {
			return fmt.Errorf("%q is not an attribute of the Nexset", a)
		}
		j.d.FindBy = &flow.FindBy{Source: a, Lookup: conv}
		return j.checkFields("find_by")
	}); err != nil {
		return err
	}
	rules := []string{"", string(flow.ExistsSkip), string(flow.ExistsFail)}
	k, err := j.p.choose("If it is already in Clio:", []string{
		"update it with the record's values (the default)", "skip the record", "fail the record, naming the object found"},
		max(0, slices.Index(rules, j.d.OnExists)))
	if err != nil {
		return err
	}
	j.d.OnExists = rules[k]
	return j.checkFields("find_by", "on_exists")
}
