package accessible

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow"
)

// testStep shows the sample payloads and flow's verdict, then optionally
// sends one record to Clio and shows the answer.
func (j *journey) testStep(ctx context.Context) error {
	p, err := j.d.PlanOn(j.host)
	if err != nil {
		j.p.say("No request can be built yet: %v", err)
		return nil
	}
	for i, s := range p.Samples(j.recs, flow.DefaultSamples) {
		j.p.say("Sample payload %d:", i+1)
		j.printSample(s)
	}
	n := min(len(j.recs), 10)
	for _, pr := range flow.Validate(j.d, j.recs[:n]) {
		j.p.say("  %s", pr)
	}
	question := "Send a test request now?"
	if !j.o.Demo && !loopback(j.host.String()) {
		question = "Send a test request now? It creates or changes a real object in your Clio account (" + j.label + ")."
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
		j.send(ctx, p, rec)
		question = "Send another test request?"
	}
}

// send sends record rec (1-based) and reports Clio's answer. A refusal is
// information for the user, not an error of the wizard.
func (j *journey) send(ctx context.Context, p *flow.Planner, rec int) {
	calls, fails := p.Build(j.recs[rec-1 : rec])
	if len(calls) == 0 {
		for _, f := range fails {
			j.p.say("Record %d cannot be sent: %s", rec, f.Error())
		}
		return
	}
	c := calls[0]
	j.p.say("Sending %s %s as %s …", c.Method, c.URL, j.label)
	resp, err := j.client.Do(ctx, c.Request())
	if resp == nil {
		j.p.say("No answer: %v", err)
		return
	}
	verdict := "accepted"
	if err != nil {
		verdict = "refused"
	}
	j.p.say("Status: %d (%s)", resp.Status, verdict)
	if body := flow.PrettyBody(resp.Body); body != "" {
		j.p.say("%s", body)
	}
	if rl := resp.RateLimit; rl.Known {
		j.p.say("Rate limit: %d of %d requests left.", rl.Remaining, rl.Limit)
	}
}

func (j *journey) printSample(s flow.Sample) {
	if s.Error != "" {
		j.p.say("  Cannot be built: %s", s.Error)
		return
	}
	j.p.say("  %s %s", s.Method, s.URL)
	for name, vs := range s.Header {
		j.p.say("  %s: %s", name, strings.Join(vs, ", "))
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

// loopback reports whether a host URL points at this machine (the sandbox).
func loopback(root string) bool {
	_, rest, _ := strings.Cut(root, "://")
	host, _, err := net.SplitHostPort(rest)
	if err != nil {
		host = rest
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
