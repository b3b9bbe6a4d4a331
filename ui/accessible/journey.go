package accessible

import (
	"context"
	"errors"
	"fmt"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/session"
)

// journey is the state shared by the steps: the destination being built and
// what the steps learned on the way (records, schema, credential).
type journey struct {
	o Options
	p *prompter
	d *flow.Destination

	edit   bool
	recs   []nexset.Record
	schema nexset.Schema
	count  int
	// notUTF8: a record among the first is not UTF-8 (an encoding to ask)
	notUTF8 bool

	conn session.Conn // the checked credential
	// lookups resolves the mapping's look-ups for the report and samples
	lookups *lookup.Resolver

	saved string             // where the destination was saved
	kept  []deliver.KeptTest // test objects kept before the destination had a file (testkeep.go)
}

// provisionalName names a new destination until the Save step.
const provisionalName = "new destination"

// sampleRecords bounds what is read for schema, suggestions and samples.
const sampleRecords = 50

func (j *journey) run(ctx context.Context) error {
	if err := j.start(); err != nil {
		return err
	}
	steps := []struct {
		title string
		run   func(context.Context) error
	}{
		{"Nexset", j.nexsetStep},
		{"Credential", j.credentialStep},
		{"Endpoint", j.endpointStep},
		{"Mapping", j.mappingStep},
		{"Exclude", j.excludeStep},
		{"Batching", j.batchingStep},
		{"Webhook", j.webhookStep},
		{"Test", j.testStep},
		{"Save", j.saveStep},
	}
	for i := 0; i < len(steps); {
		s := steps[i]
		j.p.say("\nStep %d of %d: %s", i+1, len(steps), s.title)
		err := s.run(ctx)
		switch {
		case errors.Is(err, errBack):
			i = max(i-1, 0) // < on a step's first question: the step before
		case err != nil:
			return err
		default:
			i++
		}
	}
	return nil
}

// start opens the destination being edited, or a new one.
func (j *journey) start() error {
	if j.o.Demo {
		j.p.say("Demo: everything goes to the built-in sandbox on this machine, not to Clio.")
	}
	j.p.say("cliodest: configure a Clio destination. Press Enter to keep the value in [brackets].")
	if j.o.EditPath == "" {
		// flow plans only named destinations; the real name is asked at
		// save time, defaulting to the file's name as `cliodest new` does.
		j.d = flow.New(provisionalName)
		return nil
	}
	d, err := flow.Load(j.o.EditPath)
	if err != nil {
		return fmt.Errorf("opening %s: %w", j.o.EditPath, err)
	}
	j.d, j.edit = d, true
	j.p.say("Editing %s (%s).", j.o.EditPath, d.Name)
	return nil
}
