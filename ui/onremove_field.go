package ui

import (
	"github.com/cliodest/cliodest/flow/sync"
)

// The Endpoint step's on_remove question (issue 10): what a re-activation
// does with a record delivered before and gone from the Nexset. keep is the
// default; delete deletes objects in Clio for good, so it holds only once
// y confirms it (and then the wizard's own activation is confirmed too).

func onRemoveField(env *stepEnv) *field {
	f := newChoiceField("on_remove", "A delivered record gone from the Nexset", []string{"", string(sync.DeleteRemoved)},
		[]string{"keep it in Clio", "delete it in Clio"}, env.d.OnRemove)
	f.inline = true
	return f
}

// applyOnRemove shows the question where Clio can delete what the endpoint
// creates, and writes a confirmed choice into the destination.
func (s *endpointStep) applyOnRemove(env *stepEnv) {
	f := s.fm.get("on_remove")
	p, err := env.d.Plan()
	f.hidden = err != nil || p.Collection() == "" || !p.CanDelete()
	f.note, f.help = "", "kept objects are counted and listed by cliodest status --removed"
	if f.hidden || f.value() == "" {
		s.removeConfirmed = false
		env.d.OnRemove = ""
		return
	}
	if !s.removeConfirmed {
		env.d.OnRemove = ""
		f.note = env.st.warn.Render("! on every activation this deletes in Clio the object of each record removed from the Nexset, which cannot be undone: press y to confirm")
		return
	}
	if env.d.OnRemove != string(sync.DeleteRemoved) {
		env.dirty = true
	}
	env.d.OnRemove = string(sync.DeleteRemoved)
	f.note = env.st.warn.Render("! confirmed: removed records' objects are deleted in Clio on each activation")
}
