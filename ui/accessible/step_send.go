package accessible

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/session"
)

// testStep shows the sample payloads and flow's verdict, then optionally
// sends one record to Clio and shows the answer.
func (j *journey) testStep(ctx context.Context) error {
	p, err := j.d.PlanOn(j.conn.Host)
	if err != nil {
		j.p.say("No request can be built yet: %v", err)
		return nil
	}
	plain := p // without lookups: a kept test's fingerprint is made as activation makes it
	if j.d.HasLookups() && j.resolver() != nil {
		p = p.WithSampleLookups(ctx, j.resolver())
	}
	for i, s := range p.Samples(j.recs, flow.DefaultSamples) {
		j.p.say("Sample payload %d:", i+1)
		for _, r := range s.Records {
			if r.Pos >= 1 && r.Pos <= len(j.recs) && j.recs[r.Pos-1].Pos == r.Pos {
				for _, l := range j.lookupLines(ctx, j.recs[r.Pos-1]) {
					j.p.say("  %s", l)
				}
			}
		}
		j.printSample(s)
	}
	n := min(len(j.recs), 10)
	for _, pr := range j.verdict(ctx, j.recs[:n]).GroupRecords() { // one line for what many records share
		j.p.say("  %s", pr)
	}
	question := "Send a test request now?"
	if !j.o.Demo && !flow.IsSandbox(j.conn.Host) {
		question = "Send a test request now? It creates or changes a real object in your Clio account (" + j.conn.Label + ")."
	}
	for {
		send, err := j.p.yesNo(question, false)
		if err != nil || !send {
			return err
		}
		rec := 1
		if _, err := j.p.askValid(fmt.Sprintf("Which record, 1 to %d", len(j.recs)), "1", func(a string) error {
			n, err := strconv.Atoi(a)
			if err != nil || n < 1 || n > len(j.recs) {
				return fmt.Errorf("give a number from 1 to %d", len(j.recs))
			}
			rec = n
			return nil
		}); err != nil {
			return err
		}
		if err := j.send(ctx, plain, rec); err != nil {
			return err
		}
		question = "Send another test request?"
	}
}

// send sends record rec (1-based) through the session's test send (p is
// the destination's planner without lookups) and reports Clio's answer,
// then asks whether to keep or undo an object it created. A refusal is
// information for the user, not an error of the wizard; the error is the
// prompt's (input closed).
func (j *journey) send(ctx context.Context, p *flow.Planner, rec int) error {
	c, _, err := j.o.Session().TestRequest(ctx, p, &j.conn, j.recs[rec-1])
	if err != nil {
		j.p.say("Record %d cannot be sent: %v", rec, err)
		return nil
	}
	for _, pr := range c.Problems {
		j.p.say("Clio's published rules refuse it: %s", pr)
	}
	t := session.Test{Dest: j.d, Plan: p, Rec: j.recs[rec-1], Call: c}
	if j.edit {
		t.File = j.o.EditPath
	}
	j.p.say("Sending %s %s as %s …", c.Method, c.URL, j.conn.Label)
	res, err := j.o.Session().TestSend(ctx, &j.conn, t)
	if err != nil {
		j.p.say("Not sent: %v", err)
		return nil
	}
	if res.Status == 0 {
		j.p.say("Test send: %s.", flow.NoAnswer(res.SendErr))
		return nil
	}
	verdict := "accepted"
	if !res.Accepted() {
		verdict = "refused"
	}
	j.p.say("Status: %d (%s)", res.Status, verdict)
	if res.Response != "" {
		j.p.say("%s", res.Response)
	}
	if rl := res.RateLimit; rl.Known {
		j.p.say("Rate limit: %d of %d requests left.", rl.Remaining, rl.Limit)
	}
	return j.keepOrUndo(ctx, t, rec, res)
}

func (j *journey) printSample(s flow.Sample) {
	if s.Error != "" {
		j.p.say("  Cannot be built: %s", s.Error)
		return
	}
	j.p.say("  %s %s", s.Method, s.URL)
	for _, name := range s.HeaderNames() {
		j.p.say("  %s: %s", name, strings.Join(s.Header[name], ", "))
	}
	for _, line := range strings.Split(s.Body, "\n") {
		j.p.say("  %s", line)
	}
	for _, pr := range s.Problems {
		j.p.say("  Clio would refuse it: %s", pr)
	}
	for _, w := range s.Warnings {
		j.p.say("  Note: %s", w)
	}
}
