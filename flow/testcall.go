package flow

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/nexset"
)

// IsSandbox reports whether h is a server on this machine (a loopback host,
// such as the sandbox): requests there touch no real Clio account, so a test
// send needs no confirmation.
func IsSandbox(h clio.Host) bool {
	if h.Root == nil {
		return false
	}
	name := h.Root.Hostname()
	if strings.EqualFold(name, "localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

// TestCall builds the request of one record for a test send. Unlike Build,
// a body the catalogue refuses still becomes a call (carrying its
// Problems), so it can be edited, or sent to read Clio's own answer. A
// record that builds no request at all (a missing URL attribute, a failed
// conversion) is returned as a *RecordFailure.
func (p *Planner) TestCall(rec nexset.Record) (Call, error) {
	calls, fails := p.build([]nexset.Record{rec}, false)
	if len(fails) > 0 {
		return Call{}, &fails[0]
	}
	if len(calls) == 0 { // build yields a call or a failure per record; guard anyway
		return Call{}, &RecordFailure{File: p.nexsetName, Pos: rec.Pos, Line: rec.Line, Reason: "builds no request"}
	}
	// find_by: the object already in Clio is updated (or nothing is sent), never created twice.
	c, find, send := p.findCall([]nexset.Record{rec}, calls[0], nil)
	if !send {
		why := find
		if len(c.Problems) > 0 {
			why = strings.Join(c.Problems, "; ")
		}
		return Call{}, &RecordFailure{File: p.nexsetName, Pos: rec.Pos, Line: rec.Line, Key: c.Records[0].Key, Reason: why + ": a test sends nothing for it"}
	}
	return c, nil
}

// WithBody returns c sending body instead of its own (a sample edited by
// hand), with the catalogue's verdict on the new body in Problems and
// Warnings. A JSON endpoint's body that is not JSON is a problem that names
// where it breaks. Form bodies are not checked.
func (p *Planner) WithBody(c Call, body []byte) Call {
	c.Body, c.Problems, c.Warnings = body, nil, nil
	if p.r.format == FormatForm || c.Method == "DELETE" {
		return c
	}
	if err := p.BodySyntax(body); err != nil {
		c.Problems = []string{err.Error()}
		return c
	}
	op := p.r.op
	if op == nil {
		return c
	}
	check := body
	if !p.r.wrap { // the catalogue describes wrapped bodies
		check, _ = json.Marshal(map[string]json.RawMessage{"data": body})
	}
	for _, pr := range op.Validate(check) {
		if pr.Warning {
			c.Warnings = append(c.Warnings, pr.Message)
		} else {
			c.Problems = append(c.Problems, pr.Message)
		}
	}
	return c
}

// BodySyntax is an error naming the line and column where body breaks when
// the endpoint sends JSON and body is not JSON; nil otherwise (form bodies
// and DELETEs are not checked). It needs no host or connection, so an edited
// body can be refused before any request.
func (p *Planner) BodySyntax(body []byte) error {
	if p.r.format == FormatForm || p.r.method == "DELETE" {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return errors.New("the body is not valid JSON: " + jsonErrorText(body, err))
	}
	return nil
}

// jsonErrorText names the line and column where a JSON body breaks.
func jsonErrorText(body []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error()
	}
	line, col := 1, 1
	// Offset counts the offending byte too.
	for _, b := range body[:min(max(0, int(se.Offset)-1), len(body))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d: %s", line, col, se.Error())
}

// TestResult is what a test send learnt: Clio's status and answer and the
// rate-limit state after it. (flow/session sends the call.)
type TestResult struct {
	Call       Call           // the request as sent (Authorization excepted)
	Status     int            // 0 when no answer came
	Body       []byte         // Clio's answer as received
	Response   string         // the answer for reading (indented JSON, or the text)
	RateLimit  clio.RateLimit // Known is false when Clio sent no rate-limit headers
	APIVersion string         // the API version Clio answered with
	Err        error          // why it failed: a *clio.APIError when Clio refused, else the transport's error
	Duration   time.Duration  // from sending to the whole answer
}

// Accepted reports whether Clio accepted the request (a 2xx status).
func (r TestResult) Accepted() bool { return r.Err == nil && r.Status >= 200 && r.Status < 300 }
