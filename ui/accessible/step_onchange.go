package accessible

import (
	"github.com/cliodest/cliodest/flow/sync"
)

// onChangeQuestion asks what a re-activation does with a record delivered
// before that changed in the Nexset (issue 10), for endpoints that create
// objects; the default is named by what it is.
func (j *journey) onChangeQuestion() error {
	p, err := j.d.Plan()
	if err != nil || p.Collection() == "" {
		j.d.OnChange = ""
		return nil
	}
	def := sync.Resolve("", p.CanUpdate())
	values := []sync.OnChange{sync.Update, sync.Skip, sync.Create}
	labels := []string{
		"update: PATCH the object it created with its new values",
		"skip: report it as changed, send nothing",
		"create: send it as a new object (the old one stays in Clio)",
	}
	cur := sync.OnChange(j.d.OnChange)
	if cur == "" {
		cur = def
	}
	at := 0
	for i, v := range values {
		if v == cur {
			at = i
		}
		if v == def {
			labels[i] += " (the default)"
		}
	}
	i, err := j.p.choose("A record delivered before that has changed in the Nexset, on the next activation:", labels, at)
	if err != nil {
		return err
	}
	if values[i] == def && j.d.OnChange == "" {
		return nil // the default stays unset, so it follows the endpoint
	}
	j.d.OnChange = string(values[i])
	return j.checkFields("on_change")
}

// onRemoveQuestion asks what a re-activation does with a record delivered
// before and gone from the Nexset, where Clio can delete what the endpoint
// creates: keep (the default), or delete, which a second yes confirms.
func (j *journey) onRemoveQuestion() error {
	p, err := j.d.Plan()
	if err != nil || p.Collection() == "" || !p.CanDelete() {
		j.d.OnRemove = ""
		return nil
	}
	def := 0
	if j.d.OnRemove == string(sync.DeleteRemoved) {
		def = 1
	}
	i, err := j.p.choose("A record delivered before and gone from the Nexset, on the next activation:",
		[]string{"keep: its object stays in Clio; it is counted and listed (the default)", "delete: its object is deleted in Clio"}, def)
	if err != nil || i == 0 {
		j.d.OnRemove = ""
		return err
	}
	sure, err := j.p.yesNo("Delete in Clio, on every activation, the object of each record removed from the Nexset? It cannot be undone", false)
	if err != nil || !sure {
		j.d.OnRemove = ""
		return err
	}
	j.d.OnRemove = string(sync.DeleteRemoved)
	return j.checkFields("on_remove")
}
