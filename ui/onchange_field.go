package ui

import "github.com/cliodest/cliodest/flow/sync"

// The Endpoint step's on_change question (issue 10): what a re-activation
// does with a record delivered before whose body changed in the Nexset.
// Its first choice is the default, named by what it will be (update where
// Clio can update the collection, else skip); an update template, which
// names its object, has nothing to choose.

func onChangeField(env *stepEnv) *field {
	return newChoiceField("on_change", "A delivered record that changed in the Nexset",
		[]string{"", string(sync.Update), string(sync.Skip), string(sync.Create)},
		[]string{"default", "update it in Clio", "skip it", "create another"}, env.d.OnChange)
}

// applyOnChange shows or hides the question for the endpoint chosen, names
// its default, and writes the choice into the destination.
func (s *endpointStep) applyOnChange(env *stepEnv) {
	f := s.fm.get("on_change")
	p, err := env.d.Plan()
	// Only what creates objects has something to keep in step; an update
	// template sends the record again, a plan not yet made shows nothing.
	f.hidden = err != nil || p.Collection() == ""
	if f.hidden {
		env.d.OnChange = ""
		return
	}
	def := sync.Resolve("", p.CanUpdate())
	f.labels[0] = "default: " + string(def)
	f.help = onChangeHelp(f.value(), p.CanUpdate())
	if v := f.value(); v != env.d.OnChange {
		env.d.OnChange = v
		env.dirty = true
	}
}

// onChangeHelp says what the choice does on the next activation.
func onChangeHelp(v string, canUpdate bool) string {
	switch sync.Resolve(sync.OnChange(v), canUpdate) {
	case sync.Update:
		return "the next activation PATCHes the object the record created with its new values"
	case sync.Skip:
		if !canUpdate && v == "" {
			return "Clio cannot update this collection: a changed record is reported, not sent"
		}
		return "a changed record is reported as changed and not sent; Clio keeps what it has"
	default:
		return "a changed record is sent as a new object; the one it created before stays in Clio"
	}
}
