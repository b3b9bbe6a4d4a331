package accessible

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/session"
	"github.com/cliodest/cliodest/flow/sync"
	"github.com/cliodest/cliodest/ui/liveview"
)

// saveStep writes the destination (paused) and offers to activate it.
func (j *journey) saveStep(ctx context.Context) error {
	def := j.o.SavePath
	if j.edit {
		def = j.o.EditPath
	}
	path, err := j.p.askValid("Save the destination to", def, func(a string) error {
		if j.edit && a == j.o.EditPath {
			return nil
		}
		if _, err := os.Stat(a); err == nil {
			ok, err := j.p.yesNo(a+" exists. Overwrite it?", false)
			if err != nil {
				return err
			}
			if !ok {
				return errors.New("choose another file")
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	name := j.d.Name
	if !j.edit {
		name = flow.NameFromPath(path)
	}
	if j.d.Name, err = j.p.ask("Name of the destination", name); err != nil {
		return err
	}
	if err := j.d.Relocate(filepath.Dir(path)); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	if err := flow.Save(path, j.d); err != nil {
		var le *flow.LoadError
		if errors.As(err, &le) {
			for _, p := range le.Problems.GroupRecords() {
				j.p.say("  %s", p)
			}
		}
		return fmt.Errorf("saving %s: %w", path, err)
	}
	j.saved = path
	j.p.say("Saved %s (paused: nothing is sent until it is activated).", path)
	j.recordKeptAtSave(path)

	send, fail, err := j.checkBeforeActivating(ctx, path)
	if err != nil {
		return err
	}
	q := fmt.Sprintf("Activate now? This sends %s to %s.", liveview.Records(send), j.conn.Host)
	if send == 0 {
		q = "Activate now? Nothing would be sent now; new records are sent by the next activate."
	}
	activate, err := j.p.yesNo(q, false)
	if err != nil {
		return err
	}
	if activate && fail > 0 {
		activate, err = j.p.yesNo(fmt.Sprintf("%d of %s would fail and be recorded as failed: send anyway?", fail, liveview.Records(send+fail)), false)
		if err != nil {
			return err
		}
	}
	if !activate {
		fmt.Fprintf(j.o.Result, "Saved %s (paused). Activate it with: cliodest activate %s\n", path, path)
		return nil
	}
	return j.activate(ctx, path)
}

// activate marks the destination active and delivers it through
// flow/session (ledger, lock, pause switch), printing progress lines (one
// every few seconds at most) and the summary.
func (j *journey) activate(ctx context.Context, path string) error {
	conn := j.conn
	run, err := j.o.Session().Activate(ctx, session.Activation{File: path, Conn: &conn,
		ConfirmDelete: j.d.OnRemove == string(sync.DeleteRemoved), // confirmed by the Endpoint step's question
		Events:        j.sayEvent})
	if err != nil {
		return fmt.Errorf("activating %s: %w", path, err)
	}
	if run.Warning != nil {
		j.p.say("warning: %v", run.Warning)
	}
	j.p.say("Activating %s …", run.Destination.Name)
	res, err := run.Go(ctx)
	if err != nil {
		return fmt.Errorf("activating %s: %w", path, err)
	}
	sum := res.Summary
	if sum.Paused { // cliodest pause, from another terminal
		fmt.Fprintf(j.o.Result, "Saved %s (paused while activating). Delivered %d of %d records read; %d failed, %d in doubt. Resume with: cliodest activate %s\n",
			path, sum.Delivered+sum.Skipped, sum.Records, sum.Failed, sum.InDoubt, path)
		return nil
	}
	fmt.Fprintf(j.o.Result, "Saved %s (active). Delivered %d of %d records; %d failed, %d in doubt.\n",
		path, sum.Delivered+sum.Skipped, sum.Records, sum.Failed, sum.InDoubt)
	if sum.Failed > 0 || sum.InDoubt > 0 {
		fmt.Fprintf(j.o.Result, "See them with: cliodest status %s\n", path)
	}
	return nil
}

// sayEvent reads out one of the activation's events: progress, a failed
// record, the wait for the response webhook.
func (j *journey) sayEvent(e deliver.Event) {
	switch e := e.(type) {
	case deliver.Progress:
		if e.Total >= 0 {
			j.p.say("  %d of %d records settled: %d delivered, %d failed.", e.Done, e.Total, e.Delivered, e.Failed)
		} else {
			j.p.say("  %d records settled: %d delivered, %d failed.", e.Done, e.Delivered, e.Failed)
		}
	case deliver.RecordFailed:
		j.p.say("  %s", failedLine(e))
	case deliver.WebhookWaiting:
		j.p.say("  %s", e.Words())
	}
}
