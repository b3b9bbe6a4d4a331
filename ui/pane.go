package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// pane is the side pane: flow's sample payloads for the current settings,
// with their verdicts, in a scrolling viewport.
type pane struct {
	vp       viewport.Model
	samples  []flow.Sample
	expanded bool // full requests (headers too) rather than one line each
	width    int
	height   int
	content  string
}

func newPane() pane {
	return pane{vp: viewport.New(), expanded: true}
}

func (p *pane) setSize(w, h int) {
	p.width, p.height = w, h
	p.vp.SetWidth(max(10, w-4))
	p.vp.SetHeight(max(3, h-3))
}

// refresh asks flow for the samples of the current settings. When the
// credential is known the URLs are those of its host.
func (p *pane) refresh(m *model) {
	var s []flow.Sample
	k := sampleRecords(m.d)
	if m.conn.ok {
		if pl, err := m.d.PlanOn(m.conn.host); err == nil {
			s = pl.WithKnownLookups(m.knownLookup).Samples(m.recs, k)
		}
	}
	if s == nil {
		s = flow.Samples(m.d, m.recs, k)
	}
	p.samples = s
	p.render(m)
}

// record is the first record at position pos.
func (m *model) record(pos int) (nexset.Record, bool) {
	for _, r := range m.recs {
		if r.Pos == pos {
			return r, true
		}
	}
	return nexset.Record{}, false
}

// sampleRecords is how many of the first records the pane builds requests
// from: with batching, enough for the first batch in full (as far as the
// records read go), so a batch of 5 is seen as 5.
func sampleRecords(d *flow.Destination) int {
	if !d.Batching.Enabled {
		return flow.DefaultSamples
	}
	size := d.Batching.Size
	if size <= 0 {
		size = flow.DefaultBatchSize
	}
	return max(flow.DefaultSamples, size)
}

func (p *pane) update(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if msg.String() == "pgup" {
			p.vp.PageUp()
		} else {
			p.vp.PageDown()
		}
	case tea.MouseWheelMsg:
		p.vp, _ = p.vp.Update(msg)
	}
}

// render turns the samples into the viewport's text.
func (p *pane) render(m *model) {
	var b strings.Builder
	st := &m.st
	w := max(10, p.width-4)
	if len(m.recs) == 0 {
		b.WriteString(st.dim.Render("Pick a Nexset to see the requests its first records make."))
	} else if len(p.samples) == 0 {
		b.WriteString(st.dim.Render("No sample: the first records build no request."))
	}
	samples := p.samples
	if len(m.recs) == 0 {
		samples = nil
	}
	for i, s := range samples {
		if i > 0 {
			b.WriteString("\n")
		}
		if s.Error != "" && m.cur < stepEndpoint {
			// Before the Endpoint step an invalid endpoint is expected, not a fault.
			b.WriteString(st.dim.Render("The requests show here once an endpoint is chosen (step 3, Endpoint).") + "\n")
			break
		}
		if s.Error != "" {
			b.WriteString(st.warn.Render("No request yet: ") + clean(s.Error, false) + "\n")
			continue
		}
		// Checked against Clio's published rules, not sent: "valid", never "accepted".
		verdict := st.ok.Render("✓ valid")
		if !s.OK() {
			verdict = st.err.Render(fmt.Sprintf("✗ %d problem(s)", len(s.Problems)))
		}
		recs := make([]string, 0, len(s.Records))
		for _, r := range s.Records {
			ref := fmt.Sprintf("#%d", r.Pos)
			if rec, ok := m.record(r.Pos); ok && rec.Sheet != nil && len(s.Records) == 1 {
				ref += fmt.Sprintf(" (%s row %d)", clean(rec.Sheet.Name, false), rec.Line) // a workbook's row, as Excel numbers it
			}
			recs = append(recs, ref)
		}
		b.WriteString(st.paneTitle.Render(fmt.Sprintf("Record %s", strings.Join(recs, ","))) + "  " + verdict + "\n")
		b.WriteString(st.label.Render(s.Method) + " " + clean(s.URL, false) + "\n")
		if s.Find != "" { // find_by: the object found, or the create
			b.WriteString(st.dim.Render("  "+clean(s.Find, false)) + "\n")
		}
		for _, r := range s.Records {
			if rec, ok := m.record(r.Pos); ok {
				for _, l := range m.lookupLines(rec) {
					b.WriteString(st.dim.Render("  "+clean(l, false)) + "\n")
				}
			}
		}
		for _, pr := range s.Problems {
			b.WriteString(st.err.Render("  ✗ "+clean(pr, false)) + "\n")
		}
		for _, wn := range s.Warnings {
			b.WriteString(st.warn.Render("  ! "+clean(wn, false)) + "\n")
		}
		if !p.expanded {
			continue
		}
		for _, n := range s.HeaderNames() {
			b.WriteString(st.dim.Render(n+": "+clean(strings.Join(s.Header[n], ", "), false)) + "\n")
		}
		if s.Body != "" {
			b.WriteString(colourJSON(st, clean(s.Body, true)) + "\n")
		}
	}
	p.content = lipgloss.NewStyle().Width(w).Render(b.String())
	p.vp.SetContent(p.content)
}

func (p *pane) view(m *model) string {
	title := m.st.paneTitle.Render("Sample requests")
	if !p.expanded {
		title += m.st.dim.Render(" (collapsed)")
	}
	title += m.st.dim.Render(p.position())
	return m.st.pane.Width(p.width).Render(title + "\n" + p.vp.View())
}

// colourJSON paints pretty-printed JSON: keys, strings, numbers, literals.
// It reads the text left to right and never fails: anything it does not
// recognise is written as is.
func colourJSON(st *styles, s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(s))
			tok := s[i:j]
			k := j
			for k < len(s) && s[k] == ' ' {
				k++
			}
			if k < len(s) && s[k] == ':' {
				b.WriteString(st.jsonKey.Render(tok))
			} else {
				b.WriteString(st.jsonStr.Render(tok))
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(s) && strings.IndexByte("0123456789.eE+-", s[j]) >= 0 {
				j++
			}
			b.WriteString(st.jsonNum.Render(s[i:j]))
			i = j
		case strings.HasPrefix(s[i:], "true") || strings.HasPrefix(s[i:], "null"):
			b.WriteString(st.jsonLit.Render(s[i : i+4]))
			i += 4
		case strings.HasPrefix(s[i:], "false"):
			b.WriteString(st.jsonLit.Render(s[i : i+5]))
			i += 5
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// position says which lines show when they do not all fit, so pgup/pgdn
// visibly move something even where the page looks alike.
func (p *pane) position() string {
	n := p.vp.TotalLineCount()
	if n <= p.vp.VisibleLineCount() {
		return ""
	}
	from := p.vp.YOffset() + 1
	return fmt.Sprintf(" %d-%d of %d", from, min(n, from+p.vp.VisibleLineCount()-1), n)
}
