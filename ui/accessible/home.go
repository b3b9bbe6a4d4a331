package accessible

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/internal/prompt"
	"github.com/cliodest/cliodest/internal/termtext"
	"github.com/cliodest/cliodest/ui/home"
	"github.com/cliodest/cliodest/ui/liveview"
)

// homeActions are what can be done with a destination, in menu order.
var homeActions = []string{"Activate", "Pause", "Retry failed records", "Resolve records in doubt",
	"Status: failed and in-doubt records", "Edit", "Back"}

// RunHome offers the destinations home as plain numbered menus: the
// destinations of o.Dir with their state and counts (or a new one), then
// what to do with the one chosen. Runs print their progress as lines.
func RunHome(ctx context.Context, o home.Options) error {
	if o.Location == nil {
		o.Location = time.Local
	}
	out := termtext.NewWriter(o.Out)
	p := prompt.New(ctx, o.In, out)
	for {
		es, err := home.Entries(o.Dir, o.Creds, o.Location)
		if err != nil {
			return err
		}
		p.Say("Destinations in %s:", o.Dir)
		opts := make([]string, 0, len(es)+2)
		for _, e := range es {
			opts = append(opts, entryLine(e))
		}
		opts = append(opts, "New destination", "Quit")
		i, err := p.Choose("Which destination?", opts, len(opts)-1)
		switch {
		case err != nil:
			return homeEnd(err)
		case i == len(es)+1:
			return nil
		case i == len(es):
			if err := o.Wizard(ctx, ""); err != nil && !errors.Is(err, ErrAborted) {
				return err
			}
			continue
		}
		if err := homeAction(ctx, p, o, es[i]); err != nil {
			return homeEnd(err)
		}
	}
}

// homeEnd is the end of the answers: the home closes as the wizard does.
func homeEnd(err error) error {
	if errors.Is(err, prompt.ErrEnd) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w: %w", ErrAborted, err)
	}
	return err
}

// entryLine is a destination in one line: name, file, state, counts, last run.
func entryLine(e home.Entry) string {
	parts := []string{fmt.Sprintf("%s (%s)", e.Name, filepath.Base(e.File)), e.State}
	if e.Counts != "" {
		parts = append(parts, e.Counts)
	}
	if e.LastRun != "" && e.State != "not valid" {
		parts = append(parts, "last run "+e.LastRun)
	}
	return strings.Join(parts, " · ")
}

// homeAction asks what to do with e and does it.
func homeAction(ctx context.Context, p *prompt.Prompter, o home.Options, e home.Entry) error {
	for _, n := range e.Notes {
		p.Say("  %s", n)
	}
	a, err := p.Choose(fmt.Sprintf("What to do with %s?", e.Name), homeActions, len(homeActions)-1)
	if err != nil {
		return err
	}
	switch homeActions[a] {
	case "Activate":
		ok, err := p.YesNo(fmt.Sprintf("Activate %s?", e.Name), false)
		if err != nil || !ok {
			return err
		}
		runPlain(ctx, p, o.Run, home.RunRequest{File: e.File, Mode: home.Activate})
	case "Pause":
		if err := home.Pause(e.File); err != nil {
			p.Say("%v", err)
		} else {
			p.Say("%s paused; a running activation stops after its in-flight requests.", e.Name)
		}
	case "Retry failed records":
		runPlain(ctx, p, o.Run, home.RunRequest{File: e.File, Mode: home.Retry})
	case "Resolve records in doubt":
		runPlain(ctx, p, o.Run, home.RunRequest{File: e.File, Mode: home.Resolve})
	case "Status: failed and in-doubt records":
		sayRecords(p, e)
	case "Edit":
		if err := o.Wizard(ctx, e.File); err != nil && !errors.Is(err, ErrAborted) {
			return err
		}
	}
	return nil
}

// sayRecords lists e's failed and in-doubt records, one a line.
func sayRecords(p *prompt.Prompter, e home.Entry) {
	rs, err := home.Records(e.File)
	switch {
	case err != nil:
		p.Say("%v", err)
		return
	case len(rs) == 0:
		p.Say("%s has no failed or in-doubt records.", e.Name)
		return
	}
	p.Say("%d failed or in-doubt record(s) of %s, lines of its Nexset:", len(rs), e.Name)
	for _, r := range rs {
		p.Say("%s", liveview.Failure(deliver.RecordFailed{Pos: r.Pos, Line: r.Line, Key: r.Key, Status: r.HTTPStatus, State: string(r.State), Message: r.ErrMessage}))
	}
}

// progressEvery is how often a run's progress is read out.
const progressEvery = 2 * time.Second

// runPlain runs req and reads out its progress (every progressEvery), each
// failure, and how it ended.
func runPlain(ctx context.Context, p *prompt.Prompter, run home.Runner, req home.RunRequest) {
	if run == nil {
		p.Say("Runs cannot be started from here: use cliodest activate %s", req.File)
		return
	}
	var last time.Time
	sum, err := run(ctx, req, func(e deliver.Event) {
		switch e := e.(type) {
		case deliver.Progress:
			if time.Since(last) < progressEvery {
				return
			}
			last = time.Now()
			line := fmt.Sprintf("%d done", e.Done)
			if e.Total > 0 {
				line = fmt.Sprintf("%d of %d done", e.Done, e.Total)
			}
			line += fmt.Sprintf(": %d delivered, %d failed, %d in doubt", e.Delivered, e.Failed, e.InDoubt)
			if e.Skipped > 0 { // a resumed run: so the counts add up to the records done
				line += fmt.Sprintf(", %d skipped (delivered before)", e.Skipped)
			}
			if w := e.PaceWords(); w != "" {
				line += "; " + w
			}
			p.Say("%s", line)
		case deliver.RecordFailed:
			p.Say("%s", liveview.Failure(e))
		case deliver.WebhookWaiting:
			p.Say("%s", e.Words())
		}
	})
	switch {
	case err != nil:
		p.Say("Stopped: %v", err)
	case sum.Paused:
		p.Say("Paused: %d record(s) not sent; Activate resumes.", sum.Pending)
	case sum.Stopped != "":
		p.Say("Stopped: %s; %d record(s) not sent stay pending.", sum.Stopped, sum.Pending)
	default:
		p.Say("Done: %d delivered, %d failed, %d in doubt, %d skipped (delivered before).", sum.Delivered, sum.Failed, sum.InDoubt, sum.Skipped)
	}
}
