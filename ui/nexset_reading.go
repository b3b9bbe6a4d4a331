package ui

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// The Nexset step's settings of how the file is read (issue 20): the
// workbook's sheet and header row, the text's delimiter and encoding, the
// decimal mark, and the firm's time zone (issue 14). Each shows what was
// detected as its default; a change is saved in the destination and the
// head is read again, so the side pane follows.

// readingIDs are the fields whose change means reading the file again.
var readingIDs = []string{"sheet", "header", "delimiter", "encoding", "decimal"}

// commonZones complete the time zone field: Clio's regions' usual zones.
var commonZones = []string{"UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
	"America/Vancouver", "America/Toronto", "America/Edmonton", "America/Halifax", "Europe/London", "Europe/Dublin",
	"Europe/Paris", "Europe/Berlin", "Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane", "Australia/Perth"}

func readingFields(env *stepEnv) []*field {
	n := env.d.Nexset
	sheet := newChoiceField("sheet", "Sheet", []string{""}, []string{"first visible"}, "")
	if n.Sheet != "" {
		sheet.options, sheet.labels = append(sheet.options, n.Sheet), append(sheet.labels, n.Sheet)
		sheet.set(n.Sheet)
	}
	hdr := ""
	if n.HeaderRow > 0 {
		hdr = strconv.Itoa(n.HeaderRow)
	}
	header := newTextField("header", "Header row", hdr)
	delim := newChoiceField("delimiter", "Delimiter", append([]string{""}, nexset.DelimiterNames()...), nil, n.Delimiter)
	enc := newChoiceField("encoding", "Encoding", append([]string{""}, nexset.EncodingNames()...), nil, n.Encoding)
	dec := newChoiceField("decimal", "Decimal mark", []string{"", flow.DecimalPoint, flow.DecimalComma},
		[]string{"not set", "point 1.5", "comma 1,5"}, n.Decimal)
	dec.help = "how numbers written as text read: not set reads what is unambiguous and warns about 1,250"
	zone := env.d.Timezone
	if env.o.EditPath == "" && zone == "" {
		zone = flow.MachineZone() // a new destination: the question's default is this machine's zone
		env.d.Timezone = zone
	}
	tz := newTextField("timezone", "Time zone", zone)
	tz.input.SetSuggestions(append([]string{flow.MachineZone()}, commonZones...))
	tz.input.ShowSuggestions = true
	read := newChoiceField("read", "Read as", []string{""}, []string{""}, "")
	read.help = "→ opens these settings to change them (each change reads the file again); enter goes on"
	fs := []*field{read, sheet, header, delim, enc, dec, tz}
	for _, f := range fs {
		f.inline = true
	}
	return fs
}

// showReading shows the settings that fit the file: a workbook's sheet, the
// header row, a text file's delimiter and encoding (the encoding also when
// the file could not be read, which is how a wrong one shows), and the
// decimal mark and time zone once records are read.
//
// They open under the "Read as" line, which sums them up, while the focus
// is on one of them (or when the file could not be read): on a small
// terminal the schema keeps its room.
func (s *nexsetStep) showReading(env *stepEnv) {
	if s.loading {
		return // read again: the settings stay as they are until the answer
	}
	l := env.schema.Layout
	loaded := s.loaded != ""
	path := s.fm.get("path").value()
	failed := !loaded && s.failed != "" && s.failed == path
	// a record among the first not in UTF-8: its encoding is a choice shown at once
	notUTF8 := loaded && s.loaded == path && strings.Contains(s.headErr, "--encoding")
	switch f := s.fm.focused(); {
	case !s.inReading():
		s.readOpen = false
	case f.id != "read":
		s.readOpen = true // on a setting shown after a refusal: it stays once the file reads
	}
	open := failed || notUTF8 || s.readOpen
	// opened only for the encoding: the other settings read as detected,
	// and an 80×24 screen keeps its room for why, the count and the schema
	encOnly := notUTF8 && !failed && !s.readOpen
	book := loaded && l.Format == nexset.XLSX || !loaded && isWorkbookName(s.fm.get("path").value())
	text := !book && (loaded || failed)
	s.fm.get("read").hidden = !loaded
	s.fm.get("sheet").hidden = !open || !book || l.Format != nexset.XLSX || !loaded && !failed
	s.fm.get("header").hidden = !open || !book && !text || !loaded && !failed || encOnly
	s.fm.get("delimiter").hidden = !open || !text || loaded && l.Format != nexset.CSV || encOnly
	s.fm.get("encoding").hidden = !open || !text
	s.fm.get("decimal").hidden = !open || !loaded || encOnly
	s.fm.get("timezone").hidden = !open || !loaded || encOnly
	if !loaded {
		s.detected(env)
		return
	}
	s.fm.get("read").labels[0] = s.readingSummary(env)
	s.detected(env)
}

// detected labels each setting's default with what reading found.
func (s *nexsetStep) detected(env *stepEnv) {
	l := env.schema.Layout
	loaded := s.loaded != ""
	sheet := s.fm.get("sheet")
	if l.Format == nexset.XLSX {
		cur := sheet.value()
		first := "first visible"
		if env.d.Nexset.Sheet == "" && l.Sheet != "" {
			first += ": " + clean(l.Sheet, false)
		}
		sheet.options, sheet.labels = []string{""}, []string{first}
		for _, sh := range l.Sheets {
			sheet.options, sheet.labels = append(sheet.options, sh), append(sheet.labels, clean(sh, false))
		}
		sheet.choice = 0
		sheet.set(cur)
		s.fm.get("header").help = "the row that names the columns (1 is the first); empty finds it"
		if s.fm.get("header").value() == "" && l.HeaderRow > 0 {
			s.fm.get("header").help += ": row " + strconv.Itoa(l.HeaderRow) + " now"
		}
	} else {
		s.fm.get("header").help = "the line that names the columns (1 is the first): lines above it, such as a title, are skipped; empty is the first"
	}
	d := s.fm.get("delimiter")
	d.labels = append([]string{"detected"}, nexset.DelimiterNames()...)
	if name := nexset.DelimiterName(l.Delimiter); loaded && name != "" && env.d.Nexset.Delimiter == "" {
		d.labels[0] = "detected: " + name
	}
	d.help = "what separates the cells"
	e := s.fm.get("encoding")
	e.labels = append([]string{"detected"}, e.options[1:]...)
	if loaded && env.d.Nexset.Encoding == "" {
		enc := l.Encoding
		if enc == "" {
			enc = nexset.UTF8
		}
		e.labels[0] = "detected: " + string(enc)
	}
	e.help = "the file's characters; Excel on Windows writes windows-1252"
}

// inReading says whether the focus is on the Read as line or under it.
func (s *nexsetStep) inReading() bool {
	f := s.fm.focused()
	return f != nil && (f.id == "read" || f.id == "timezone" || slices.Contains(readingIDs, f.id))
}

// regroup opens or closes the reading settings as the focus moves, keeping
// the focus on the same field.
func (s *nexsetStep) regroup(env *stepEnv) {
	cur := s.fm.focused()
	s.showReading(env)
	if i := slices.Index(s.fm.visible(), cur); i >= 0 {
		s.fm.focus = i
	}
}

// readingSummary is the Read as line: the layout read, the decimal mark
// and the time zone.
func (s *nexsetStep) readingSummary(env *stepEnv) string {
	dec := "not set"
	if env.d.Nexset.Decimal != "" {
		dec = env.d.Nexset.Decimal
	}
	zone := "no time zone (UTC)"
	if env.d.Timezone != "" {
		zone = env.d.Timezone
	}
	return clean(env.schema.Layout.String(), false) + " · decimal " + dec + " · " + clean(zone, false)
}

func isWorkbookName(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".xlsx", ".xlsm":
		return true
	}
	return false
}

// readingSig is the reading settings as one string, to tell a change.
func (s *nexsetStep) readingSig() string {
	var b strings.Builder
	for _, id := range readingIDs {
		b.WriteString(s.fm.get(id).value() + "\x00")
	}
	return b.String()
}

// applyReading writes the reading settings and the time zone into the
// destination. A header row that is not a number, or a zone that is not
// one, is left out and said under its field.
func (s *nexsetStep) applyReading(env *stepEnv) {
	n := &env.d.Nexset
	n.Sheet = s.fm.get("sheet").value()
	n.Delimiter = s.fm.get("delimiter").value()
	n.Encoding = s.fm.get("encoding").value()
	n.Decimal = s.fm.get("decimal").value()
	hf := s.fm.get("header")
	hf.note = ""
	n.HeaderRow = 0
	if v := hf.value(); v != "" {
		if r, err := strconv.Atoi(v); err == nil && r > 0 {
			n.HeaderRow = r
		} else {
			hf.note = env.st.err.Render("✗ " + clean(v, false) + " is not a row number: 1 is the first row")
		}
	}
	tf := s.fm.get("timezone")
	tf.note, tf.help = "", "IANA name (tab completes): a date without a time, sent as a date-time, is midnight there"
	switch v := tf.value(); {
	case v == "":
		env.d.Timezone = ""
		tf.note = env.st.dim.Render("not set: dates and times without an offset are read as UTC")
	default:
		if _, err := time.LoadLocation(v); err != nil || strings.EqualFold(v, "local") {
			tf.note = env.st.err.Render("✗ " + clean(v, false) + " is not a time zone name (e.g. America/Vancouver)")
			return
		}
		env.d.Timezone = v
	}
}

// encodingReason is flow's refusal of records that are not UTF-8 as the
// step says it, short enough for a small terminal: without the file's
// path (the field above shows it) and with the Encoding setting above in
// place of the command line's --encoding. A line worded otherwise is kept.
func encodingReason(msg, path string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		before, _, ok := strings.Cut(l, ": if that is right, read the file with --encoding")
		if !ok {
			continue
		}
		if path != "" {
			before = strings.TrimPrefix(before, path+" ")
		}
		lines[i] = before + ": if so, choose it under Encoding above (the file is read again at once)."
	}
	return strings.Join(lines, "\n")
}
