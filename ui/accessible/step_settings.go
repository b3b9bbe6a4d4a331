package accessible

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cliodest/cliodest/flow"
)

// excludeStep names the record attributes that are never sent.
func (j *journey) excludeStep(context.Context) error {
	_, err := j.p.askValid("Attributes never sent, comma-separated (- for none)", strings.Join(j.d.Exclude, ","), func(a string) error {
		if a == "-" {
			a = ""
		}
		paths := flow.ParseExclude(a)
		for _, p := range paths {
			if !j.hasAttr(p) && !j.hasAttrBelow(p) {
				return fmt.Errorf("%q is not an attribute of the Nexset", p)
			}
		}
		j.d.Exclude = paths
		return j.checkFields("exclude")
	})
	return err
}

// hasAttrBelow reports whether p is an object holding attributes ("matter"
// for "matter.id").
func (j *journey) hasAttrBelow(p string) bool {
	for _, a := range j.schema.Attrs {
		if strings.HasPrefix(a.Path, p+".") {
			return true
		}
	}
	return false
}

// batchingStep asks how records are grouped into calls (Advanced only:
// templates send one record per call).
func (j *journey) batchingStep(context.Context) error {
	if j.d.IsTemplate() {
		j.d.Batching.Enabled = false
		j.p.say("Batching: off. Templates send one record per call.")
		return nil
	}
	on, err := j.p.yesNo("Send several records per call (the endpoint must accept an array)?", j.d.Batching.Enabled)
	if err != nil || !on {
		j.d.Batching.Enabled = false
		return err
	}
	b := &j.d.Batching
	b.Enabled, b.Anyway = true, false
	if err := j.checkFields(flow.OneObjectField); err != nil {
		// Clio's description says one object per call: every batch would be
		// refused, so batching takes an explicit yes.
		j.p.say(err.Error() + ".")
		force, err := j.p.yesNo("Batch anyway, for a Clio-compatible proxy that accepts arrays?", false)
		if err != nil || !force {
			b.Enabled = false
			return err
		}
		b.Anyway = true
	}
	size := b.Size
	if size == 0 {
		size = flow.DefaultBatchSize
	}
	if _, err := j.p.askValid(fmt.Sprintf("Batch size, 1 to %d", flow.MaxBatchSize), strconv.Itoa(size), func(a string) error {
		n, err := strconv.Atoi(a)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", a)
		}
		b.Size = n
		return j.checkFields("batching.size")
	}); err != nil {
		return err
	}
	groupings := flow.Groupings()
	def := 0
	for i, g := range groupings {
		if g == b.Grouping {
			def = i
		}
	}
	i, err := j.p.choose("Grouping algorithm", groupings, def)
	if err != nil {
		return err
	}
	b.Grouping, b.GroupBy, b.Window = groupings[i], "", ""
	switch b.Grouping {
	case flow.GroupByAttribute:
		_, err = j.p.askValid("Attribute whose records travel together", "", func(a string) error {
			if !j.hasAttr(a) {
				return fmt.Errorf("%q is not an attribute of the Nexset", a)
			}
			b.GroupBy = a
			return j.checkFields("batching")
		})
	case flow.GroupTimeWindow:
		_, err = j.p.askValid("How long to gather records, e.g. 2s", "2s", func(a string) error {
			if _, err := time.ParseDuration(a); err != nil {
				return fmt.Errorf("%q is not a duration such as 2s or 500ms", a)
			}
			b.Window = a
			return j.checkFields("batching")
		})
	}
	return err
}

// webhookStep says where Clio's answers go: a URL and/or a JSON Lines file.
func (j *journey) webhookStep(context.Context) error {
	w := &j.d.ResponseWebhook
	if _, err := j.p.askValid("Response webhook URL that receives Clio's answer to every call (- for none)", w.URL, func(a string) error {
		if a == "-" {
			a = ""
		}
		w.URL = a
		w.Enabled = w.URL != "" || w.File != ""
		return j.checkFields("response_webhook")
	}); err != nil {
		return err
	}
	_, err := j.p.askValid("JSON Lines file that receives Clio's answer to every call (- for none)", w.File, func(a string) error {
		if a == "-" {
			a = ""
		}
		w.File = a
		w.Enabled = w.URL != "" || w.File != ""
		return j.checkFields("response_webhook")
	})
	return err
}
