package flow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// Sample is one sample payload: the exact request the first records produce,
// with secrets masked, and Clio's published rules' verdict on it.
type Sample struct {
	Method   string      `json:"method,omitempty"`
	URL      string      `json:"url,omitempty"`
	Header   http.Header `json:"headers,omitempty"` // Authorization shown as "Bearer ••••••••"
	Body     string      `json:"body,omitempty"`    // pretty JSON (or the form text)
	Records  []RecordRef `json:"records"`
	Problems []string    `json:"problems,omitempty"` // catalogue verdict; empty = accepted
	Warnings []string    `json:"warnings,omitempty"` // what Clio may tolerate
	Error    string      `json:"error,omitempty"`    // why no request could be built
	// Unchecked says why the catalogue could not judge the request (an
	// Advanced path Clio does not publish); Problems is then empty.
	Unchecked string `json:"unchecked,omitempty"`
	// Find says what find_by makes of the record: "finds contact 901 by
	// email … → PATCH …", "no contact with email … → POST …".
	Find string `json:"find,omitempty"`
}

// HeaderNames lists the sample's header names sorted, the order every
// screen shows them in.
func (s Sample) HeaderNames() []string { return slices.Sorted(maps.Keys(s.Header)) }

// OK reports whether the sample is a request Clio's published rules accept.
func (s Sample) OK() bool { return s.Error == "" && len(s.Problems) == 0 }

// Samples returns the sample payloads of the first k records (k ≤ 0 means
// DefaultSamples). It is a pure function of its inputs, cheap enough to
// rerun on every keystroke. A destination that cannot build requests yields
// one Sample carrying the reason.
func Samples(d *Destination, recs []nexset.Record, k int) []Sample {
	p, err := d.Plan()
	if err != nil {
		return []Sample{{Error: err.Error()}}
	}
	return p.Samples(recs, k)
}

// Samples is Samples for an existing planner.
func (p *Planner) Samples(recs []nexset.Record, k int) []Sample {
	if k <= 0 {
		k = DefaultSamples
	}
	recs = recs[:min(k, len(recs))]
	calls, fails := p.assemble(recs, false)
	out := make([]Sample, 0, len(calls)+len(fails))
	made := map[string]int{} // find_by values an earlier sample creates
	for _, c := range calls {
		var find string
		c, find, _ = p.findCall(recs, c, made)
		s := SampleOf(c)
		s.Find = find
		if p.r.op == nil {
			s.Unchecked = fmt.Sprintf("%s %s is not in Clio's published API v4, so nothing could check it", c.Method, apiPrefix+strings.SplitN(c.Path, "?", 2)[0])
		}
		out = append(out, s)
	}
	for _, f := range fails {
		out = append(out, Sample{Records: []RecordRef{{Pos: f.Pos, Line: f.Line, Key: f.Key}}, Error: f.Error()})
	}
	slices.SortStableFunc(out, func(a, b Sample) int { return a.Records[0].Pos - b.Records[0].Pos })
	return out
}

// SampleOf renders a call for display: masked headers, pretty body.
func SampleOf(c Call) Sample {
	s := Sample{Method: c.Method, URL: c.URL, Header: MaskHeader(c.Header), Records: c.Records, Problems: c.Problems, Warnings: c.Warnings}
	s.Header.Set("Authorization", "Bearer "+Mask)
	s.Body = PrettyBody(c.Body)
	return s
}

// MaskHeader copies h with every secret-looking value masked. A value that
// only references environment variables (${FIRM_API_KEY}) holds no secret
// and stays readable, so the user sees which variable will be sent.
func MaskHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	for name, vs := range out {
		if secretHeader(name) {
			for i, v := range vs {
				if refs, err := headerRefs(v); err == nil && len(refs) > 0 && checkSecretValue(name, v, refs) == nil {
					continue
				}
				if scheme, _, ok := bytes.Cut([]byte(v), []byte(" ")); ok && name == "Authorization" {
					vs[i] = string(scheme) + " " + Mask
				} else {
					vs[i] = Mask
				}
			}
		}
	}
	return out
}

// PrettyBody indents a JSON body; anything else is returned as text.
func PrettyBody(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if json.Indent(&buf, b, "", "  ") == nil {
		return buf.String()
	}
	return string(b)
}
