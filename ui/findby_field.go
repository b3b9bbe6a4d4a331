package ui

import (
	"slices"
	"strings"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/lookup"
)

// The Endpoint step's find-or-create questions (issue 21): before a create,
// find an object already in Clio by one of its fields (the lookups that fit
// the endpoint's collection), read from a Nexset attribute, and what to do
// when one is there: update it, skip the record or fail it.

// optionalIDs are the Endpoint step's questions with defaults, under the
// endpoint: enter on the field above them goes on, ↓ reaches them.
var optionalIDs = []string{"on_change", "on_remove", "find_by", "find_source", "on_exists"}

func findByFields(env *stepEnv) []*field {
	by, src := "", ""
	if f := env.d.FindBy; f != nil {
		by, src = f.Lookup, f.Source
		if !strings.HasPrefix(by, lookup.Prefix) {
			by = lookup.Prefix + by
		}
	}
	find := newChoiceField("find_by", "Find in Clio by", []string{""}, []string{"no, always create"}, "")
	if by != "" {
		find.options, find.labels = append(find.options, by), append(find.labels, by)
		find.set(by)
	}
	find.help = "a record whose object is already in Clio (the same e-mail, display number …) is not created twice"
	source := newTextField("find_source", "from the Nexset attribute", src)
	source.help = "the attribute holding the value to find by; tab completes"
	exists := newChoiceField("on_exists", "If it is already in Clio", []string{"", string(flow.ExistsSkip), string(flow.ExistsFail)},
		[]string{"update it", "skip the record", "fail the record"}, env.d.OnExists)
	fs := []*field{find, source, exists}
	for _, f := range fs {
		f.inline = true
	}
	return fs
}

// applyFindBy offers the lookups that fit the endpoint, and writes the
// choices into the destination.
func (s *endpointStep) applyFindBy(env *stepEnv) {
	find, source, exists := s.fm.get("find_by"), s.fm.get("find_source"), s.fm.get("on_exists")
	lookups := env.d.FindByLookups()
	cur := find.value()
	find.options, find.labels = []string{""}, []string{"no, always create"}
	for _, l := range lookups {
		find.options = append(find.options, l)
		find.labels = append(find.labels, flow.FindByWords(l))
	}
	find.choice = 0
	find.set(cur)
	find.hidden = len(lookups) == 0
	on := !find.hidden && find.value() != ""
	source.hidden, exists.hidden = !on, !on
	attrs := make([]string, len(env.schema.Attrs))
	for i, a := range env.schema.Attrs {
		attrs[i] = a.Path
	}
	source.input.SetSuggestions(attrs)
	source.input.ShowSuggestions = true
	if !on {
		env.d.FindBy, env.d.OnExists = nil, ""
		return
	}
	if source.value() == "" || !slices.Contains(attrs, source.value()) && s.fm.focused() != source {
		if g := flow.FindBySource(find.value(), env.schema); g != "" {
			source.set(g)
		}
	}
	env.d.FindBy = &flow.FindBy{Source: source.value(), Lookup: find.value()}
	env.d.OnExists = exists.value()
	exists.help = map[string]string{
		"":                      "the object found is PATCHed with the record's values; the ledger keeps it as the record's delivery",
		string(flow.ExistsSkip): "the record is skipped and counted; Clio keeps the object as it is",
		string(flow.ExistsFail): "the record fails, naming the object found, for a person to decide",
	}[exists.value()]
}
