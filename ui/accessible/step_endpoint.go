package accessible

import (
	"context"
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/flow"
)

// endpointStep picks a template (and an update's ID) or an Advanced endpoint.
func (j *journey) endpointStep(context.Context) error {
	tpls := flow.Templates()
	labels := make([]string, 0, len(tpls)+1)
	def := 0
	for i, t := range tpls {
		labels = append(labels, fmt.Sprintf("%s (%s %s)", t.Title, t.Method, strings.TrimSuffix(t.Path, ".json")))
		if t.Name == j.d.Endpoint.Template {
			def = i
		}
	}
	labels = append(labels, "Advanced: any Clio v4 endpoint (method, URL, headers)")
	if j.edit && !j.d.IsTemplate() {
		def = len(tpls)
	}
	i, err := j.p.choose("Endpoint: a template, or Advanced?", labels, def)
	if err != nil {
		return err
	}
	if i == len(tpls) {
		return j.advancedEndpoint()
	}
	t := tpls[i]
	old := j.d.Endpoint
	j.d.Endpoint = flow.Endpoint{Template: t.Name}
	if !t.NeedsID {
		if err := j.onChangeQuestion(); err != nil {
			return err
		}
		if err := j.onRemoveQuestion(); err != nil {
			return err
		}
		return j.findByQuestion()
	}
	def2 := ""
	if old.Template == t.Name {
		def2 = old.ID
	}
	if def2 == "" {
		def2 = j.guessID(t.Path)
	}
	_, err = j.p.askValid(t.Title+" needs the object's ID: a number, or {record.ATTRIBUTE}", def2, func(a string) error {
		j.d.Endpoint.ID = a
		if a == "" {
			return fmt.Errorf("the ID is required to build the URL")
		}
		return j.checkFields("endpoint")
	})
	return err
}

// guessID proposes {record.x} when the Nexset has an attribute named like the
// object's ID ("activity_id" for /activities/{id}.json).
func (j *journey) guessID(path string) string {
	kind := strings.TrimPrefix(path, "/")
	kind, _, _ = strings.Cut(kind, "/")
	singular := strings.TrimSuffix(strings.TrimSuffix(kind, "s"), "ie")
	if strings.HasSuffix(kind, "ies") {
		singular += "y"
	}
	for _, a := range j.schema.Attrs {
		if flow.Normalise(a.Path) == singular+"_id" {
			return "{record." + a.Path + "}"
		}
	}
	return ""
}

func (j *journey) advancedEndpoint() error {
	old := j.d.Endpoint
	if old.Template != "" {
		old = flow.Endpoint{}
	}
	e := flow.Endpoint{}
	def := 0
	for i, m := range flow.AdvancedMethods {
		if m == old.Method {
			def = i
		}
	}
	i, err := j.p.choose("Method", flow.AdvancedMethods, def)
	if err != nil {
		return err
	}
	e.Method = flow.AdvancedMethods[i]
	formats := flow.ContentFormats()
	def = 0
	for i, f := range formats {
		if f == old.ContentFormat {
			def = i
		}
	}
	i, err = j.p.choose("Content format", formats, def)
	if err != nil {
		return err
	}
	e.ContentFormat = formats[i]
	j.d.Endpoint = e
	if _, err := j.p.askValid("URL: a Clio v4 path such as /api/v4/notes.json, with {record.ATTRIBUTE} macros", old.URL, func(a string) error {
		j.d.Endpoint.URL = a
		return j.checkFields("endpoint.url", "endpoint.method")
	}); err != nil {
		return err
	}
	if _, err := j.p.askValid(`Extra headers "Name:value,Name2:value2" (- for none)`, old.Headers, func(a string) error {
		if a == "-" {
			a = ""
		}
		j.d.Endpoint.Headers = a
		return j.checkFields("endpoint.headers")
	}); err != nil {
		return err
	}
	wrap, err := j.p.yesNo(`Wrap each body in {"data": …} as Clio expects?`, old.Wraps())
	if err != nil {
		return err
	}
	if !wrap {
		j.d.Endpoint.Wrap = &wrap
	}
	if err := j.checkFields("endpoint"); err != nil {
		return err
	}
	if err := j.onChangeQuestion(); err != nil {
		return err
	}
	if err := j.onRemoveQuestion(); err != nil {
		return err
	}
	return j.findByQuestion()
}
