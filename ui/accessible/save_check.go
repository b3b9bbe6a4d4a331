package accessible

import (
	"context"
	"fmt"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/session"
)

// maxCheckLines bounds the failures the check lists; the count stays exact
// and the rest are named by the command that shows them all.
const maxCheckLines = 10

// checkBeforeActivating makes the dry run the full-screen Save step makes
// before it offers to activate (flow/session's Check: every record
// planned, nothing sent, against the ledger when there is one). It says
// what would fail, and returns how many records would be sent and how many
// would fail.
func (j *journey) checkBeforeActivating(ctx context.Context, path string) (send, fail int, err error) {
	a := session.Activation{File: path, Conn: &j.conn}
	j.p.say("Checking the Nexset's records against the mapping and Clio's published rules …")
	a.Events = func(e deliver.Event) {
		if f, ok := e.(deliver.RecordFailed); ok {
			if fail++; fail <= maxCheckLines {
				j.p.say("  %s", failedLine(f))
			}
		}
	}
	run, err := j.o.Session().Check(ctx, a)
	if err != nil {
		return 0, 0, fmt.Errorf("checking %s: %w", path, err)
	}
	res, err := run.Go(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("checking %s: %w", path, err)
	}
	sum := res.Summary
	if fail > maxCheckLines {
		j.p.say("  … and %d more (all of them: cliodest activate --dry-run %s)", fail-maxCheckLines, path)
	}
	send = sum.ToSend()
	j.p.say("Checked %d records: %d would be sent, %d would fail, %d already delivered, %d left to cliodest retry.",
		sum.Records, send, sum.Failed, sum.Skipped, sum.InDoubt+sum.Left)
	return send, sum.Failed, nil
}

// failedLine is a failed record in words, as the check and the activation
// say it.
func failedLine(e deliver.RecordFailed) string {
	return fmt.Sprintf("Record at line %d %s: %s", e.Line, e.State, e.Message)
}
