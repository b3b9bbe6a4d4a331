package home

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/internal/termtext"
)

// previewRecords is how many of the first records the preview shows.
const previewRecords = 3

// textLoadedMsg carries a preview or a record's text, built off the
// screen's goroutine.
type textLoadedMsg struct {
	title, text string
}

// openPreview shows the requests the first records of r would produce.
func (m *model) openPreview(r *row) tea.Cmd {
	if r.d == nil {
		m.flash = r.name + " does not load: " + r.problem
		return nil
	}
	m.showText("Preview of "+r.name, "reading the Nexset…")
	m.screen = previewScreen
	d, ctx, preview := r.d, m.ctx, m.o.Preview
	title := "Preview of " + r.name
	return func() tea.Msg {
		var b strings.Builder
		samples, note, err := samplesOf(ctx, d, 0, previewRecords, preview)
		if err != nil {
			b.WriteString(err.Error() + "\n")
		}
		if note != "" {
			b.WriteString(note + "\n\n")
		}
		for i, s := range samples {
			s.WriteText(&b, i+1)
		}
		return textLoadedMsg{title: title, text: b.String()}
	}
}

// openRecord shows one failed or in-doubt record: what the ledger holds
// and the request the record makes now, built again from the Nexset.
func (m *model) openRecord(e ledger.Entry) tea.Cmd {
	var d *flow.Destination
	for i := range m.rows {
		if m.rows[i].path == m.status.file {
			d = m.rows[i].d
		}
	}
	title := fmt.Sprintf("Record %d of %s", e.Pos, m.status.name)
	m.showText(title, "reading the Nexset…")
	m.screen = recordScreen
	ctx, loc := m.ctx, m.o.Location
	return func() tea.Msg {
		var b strings.Builder
		fmt.Fprintf(&b, "State: %s after %d attempt(s), last %s\n", strings.ReplaceAll(string(e.State), "_", " "), e.Attempts, e.UpdatedAt.In(loc).Format(time.DateTime))
		fmt.Fprintf(&b, "Key: %s · Nexset line %d\n", e.Key, e.Line)
		fmt.Fprintf(&b, "Request: %s %s\n", e.Method, e.URL)
		if e.HTTPStatus != 0 {
			fmt.Fprintf(&b, "Clio answered %d", e.HTTPStatus)
		} else {
			b.WriteString("No answer from Clio")
		}
		if e.ErrType != "" {
			fmt.Fprintf(&b, " (%s)", e.ErrType)
		}
		fmt.Fprintf(&b, ": %s\n", e.ErrMessage)
		if e.ClioID != 0 {
			fmt.Fprintf(&b, "Clio object: %d\n", e.ClioID)
		}
		b.WriteString("\nThe record's request as the Nexset makes it now:\n")
		if d == nil {
			b.WriteString("the destination file does not load\n")
			return textLoadedMsg{title: title, text: b.String()}
		}
		samples, _, err := samplesOf(ctx, d, e.Pos, 1, nil)
		switch {
		case err != nil:
			b.WriteString(err.Error() + "\n")
		case len(samples) == 0:
			fmt.Fprintf(&b, "record %d is no longer in the Nexset\n", e.Pos)
		default:
			samples[0].WriteText(&b, 1)
		}
		return textLoadedMsg{title: title, text: b.String()}
	}
}

// samplesOf builds the requests of n records of d's Nexset: the first n,
// or from position pos (1-based) when pos > 0. With preview, look-ups are
// made as it makes them (note says why they were not); without, they read
// "looked up when sent".
func samplesOf(ctx context.Context, d *flow.Destination, pos, n int, preview Previewer) ([]flow.Sample, string, error) {
	p, err := d.Plan()
	if err != nil {
		return nil, "", err
	}
	if d.Nexset.Path == "-" {
		return nil, "", fmt.Errorf("the Nexset is standard input: nothing to read here")
	}
	recs, _, err := nexset.Head(ctx, d.NexsetPath(), d.NexsetOptions(), max(pos, 0)+n)
	if err != nil {
		return nil, "", d.NexsetError(err) // names the Nexset once; a missing one says to check nexset.path
	}
	if pos > 0 {
		var keep []nexset.Record
		for _, r := range recs {
			if r.Pos == pos {
				keep = append(keep, r)
			}
		}
		recs = keep
	}
	if preview != nil {
		return preview(ctx, d, recs, n)
	}
	return p.Samples(recs, n), "", nil
}

// showText puts text in the viewer under title.
func (m *model) showText(title, text string) {
	m.viewerTitle, m.viewerText = title, termtext.Block(text)
	m.wrapText()
	m.viewer.GotoTop()
}

// wrapText fills the viewer with its text wrapped at the window's width,
// between words where it can: a record's Clio message is read whole on a
// narrow terminal, not cut at the edge.
func (m *model) wrapText() {
	m.viewer.SetContent(ansi.Wrap(m.viewerText, m.viewer.Width(), ""))
}

func (m *model) textLoaded(msg textLoadedMsg) {
	if msg.title == m.viewerTitle {
		m.showText(msg.title, msg.text)
	}
}

// textView draws the preview or a record.
func (m *model) textView() string {
	return m.st.title.Render(truncate(termtext.Line(m.viewerTitle), m.width)) + "\n" + m.viewer.View() + "\n" +
		m.footer(m.keys.textKeys())
}
