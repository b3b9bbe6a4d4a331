package ui

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// headRecords is how many records the wizard reads for the schema, the
// preview and the samples; the rest of the file is only counted.
const headRecords = 20

// nexsetStep picks the Nexset file: a path input completed from the
// directory being typed, then its schema and first records, and a count
// that arrives later (a huge file must not hold up the screen).
type nexsetStep struct {
	fm       form
	gen      int // bumps on every load; stale answers are dropped
	loading  bool
	loaded   string // path of the loaded head
	headErr  string
	counting bool
	count    int
	countErr string
	cancelCt context.CancelFunc
	dirCache map[string][]string
	readOpen bool     // the reading settings show under Read as
	failed   string   // the path whose head could not be read
	named    bool     // the destination's name was typed or loaded: the file name no longer sets it
	files    []string // Nexset files beside what was typed, to pick with ↑/↓
	pick     int      // index into files of the picked one; -1 none
	typed    string   // the path as typed: files lists its directory
	width    int
	height   int
}

// maxFiles is how many of a directory's Nexset files the list shows.
const maxFiles = 8

// keyHelp is the record key's help when no key is suggested.
const keyHelp = "empty: a content hash and the record's position"

const (
	pathHelpLoad     = "tab completes a file name; enter loads it"
	pathHelpContinue = "enter continues; type another path to load it"
)

type nexsetHeadMsg struct {
	gen    int
	path   string
	recs   []nexset.Record
	schema nexset.Schema
	err    error
}

type nexsetCountMsg struct {
	gen int
	n   int
	err error
}

func newNexsetStep(env *stepEnv) step {
	s := &nexsetStep{dirCache: map[string][]string{}}
	path := ""
	if env.d.Nexset.Path != "" {
		path = env.d.NexsetPath()
	} else if env.o.StartNexset != "" {
		path = env.o.StartNexset
	} else if env.o.StartDir != "" {
		path = strings.TrimSuffix(env.o.StartDir, string(filepath.Separator)) + string(filepath.Separator)
	}
	p := newTextField("path", "Nexset file (JSON Lines, JSON, CSV or Excel)", path)
	p.help = pathHelpLoad
	fmtField := newChoiceField("format", "Format", []string{"", "jsonl", "json", "csv", "xlsx"}, []string{"detect", "jsonl", "json", "csv", "xlsx"}, string(env.d.Nexset.Format))
	k := newTextField("key", "Record key (optional attribute that identifies a record)", env.d.Nexset.Key)
	k.help = keyHelp
	name := ""
	if env.d.Name != "destination" { // flow.New's placeholder, not a choice
		name = env.d.Name
	}
	n := newTextField("name", "Destination name", name)
	n.help = "shown in lists and webhook documents; the Nexset's file name unless you type one"
	s.named = name != ""
	fmtField.inline = true
	s.fm.fields = append([]*field{p, fmtField, k, n}, readingFields(env)...)
	s.showReading(env)
	s.updateSuggestions()
	s.listFiles()
	return s
}

// nexsetExts are the file endings the list offers.
var nexsetExts = nexset.FileExts

// ownFile says whether a file that looks like a Nexset is one cliodest wrote
// (a response file, the sandbox's log): the picker leaves those out.
func ownFile(path string) bool {
	return slices.Contains(nexsetExts, strings.ToLower(filepath.Ext(path))) && flow.WrittenByCliodest(path) != ""
}

// listFiles lists the Nexset files in the typed path's directory whose
// names start with what was typed after it.
func (s *nexsetStep) listFiles() {
	s.typed = s.fm.get("path").input.Value()
	s.files, s.pick = nil, -1
	base := ""
	if !strings.HasSuffix(s.typed, string(filepath.Separator)) && s.typed != "" {
		base = strings.ToLower(filepath.Base(s.typed))
	}
	for _, n := range s.dirCache[s.dir(s.typed)] {
		if strings.HasSuffix(n, string(filepath.Separator)) || !slices.Contains(nexsetExts, strings.ToLower(filepath.Ext(n))) {
			continue
		}
		if strings.HasPrefix(strings.ToLower(filepath.Base(n)), base) {
			s.files = append(s.files, n)
		}
	}
}

// listing says whether the file list shows: while a file is being chosen,
// not once the typed one is loaded.
func (s *nexsetStep) listing() bool {
	f := s.fm.focused()
	return f != nil && f.id == "path" && len(s.files) > 0 && (s.loaded == "" || f.value() != s.loaded)
}

// pickFile moves the pick by delta and puts the file in the path field; it
// reports false when the move leaves the list (up above its top: back to
// what was typed; down below its end: on to the next field).
func (s *nexsetStep) pickFile(delta int) bool {
	p := s.pick + delta
	pf := s.fm.get("path")
	switch {
	case p < -1 || p >= min(len(s.files), maxFiles):
		return false
	case p == -1:
		pf.input.SetValue(s.typed)
	default:
		pf.input.SetValue(s.files[p])
	}
	pf.input.CursorEnd()
	s.pick = p
	return true
}

func (s *nexsetStep) viewFiles(st *styles) string {
	if !s.listing() {
		return ""
	}
	var b strings.Builder
	b.WriteString("    " + st.dim.Render("Nexset files here (↑/↓ to choose, enter loads):") + "\n")
	for i, n := range s.files {
		if i >= maxFiles {
			b.WriteString("    " + st.dim.Render(fmt.Sprintf("  … and %d more (type to narrow)", len(s.files)-i)) + "\n")
			break
		}
		name := truncate(clean(filepath.Base(n), false), max(10, s.width-8))
		if i == s.pick {
			b.WriteString("    " + st.focus.Render("> "+name) + "\n")
		} else {
			b.WriteString("      " + name + "\n")
		}
	}
	return b.String()
}

func (s *nexsetStep) enter(env *stepEnv) tea.Cmd {
	cmd := s.fm.refocus()
	if s.loaded == "" && s.isFile(s.fm.get("path").value()) {
		return tea.Batch(cmd, s.load(env))
	}
	return cmd
}

func (s *nexsetStep) resize(w, h int) { s.width, s.height = w, h; s.fm.setWidth(w) }

func (s *nexsetStep) busy() bool { return s.loading }

// nexsetKeys are the Nexset step's own bindings, beside its form's: the
// footer shows them and update matches them.
type nexsetKeys struct {
	load             key.Binding // enter: read the typed file; once read, go on
	pickUp, pickDown key.Binding // the list of Nexset files beside the typed path
	openReading      key.Binding // on Read as: open the reading settings
	suggestKey       key.Binding // tab on an empty record key: the key flow suggests
}

var nexsetKeyMap = nexsetKeys{
	load:        bind("enter", "enter", "load"),
	pickUp:      bind("up", "↑/↓", "choose a file"),
	pickDown:    bind("down", "", ""),
	openReading: bind("right space", "→", "change"),
	suggestKey:  bind("tab", "", ""), // named by the hints' tab complete
}

func (s *nexsetStep) keys(env *stepEnv) []key.Binding {
	km := &nexsetKeyMap
	f := s.fm.focused()
	if s.listing() {
		if f.ghost() != "" {
			return append(s.fm.hints(), km.pickUp, km.pickDown)
		}
		return append([]key.Binding{km.load, km.pickUp, km.pickDown}, s.fm.hints()...)
	}
	var own []key.Binding
	switch {
	case f != nil && f.id == "read" && !s.readOpen:
		own = append(own, km.openReading)
	case s.suggestsKey(env):
		own = append(own, km.suggestKey)
	}
	return s.fm.footer("load / next", own...)
}

// suggestsKey says tab on the focused record key fills in flow's suggestion.
func (s *nexsetStep) suggestsKey(env *stepEnv) bool {
	f := s.fm.focused()
	return f != nil && f.id == "key" && f.value() == "" && s.loaded != "" && flow.SuggestKey(env.recs, env.schema) != ""
}

func (s *nexsetStep) isFile(p string) bool {
	if p == "" || p == "-" {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// load reads the head now and counts in the background.
func (s *nexsetStep) load(env *stepEnv) tea.Cmd {
	path := s.fm.get("path").value()
	s.gen++
	gen := s.gen
	s.loading, s.headErr, s.loaded = true, "", ""
	if s.cancelCt != nil {
		s.cancelCt()
	}
	opts := s.options(env)
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancelCt = cancel
	s.counting, s.count, s.countErr = true, -1, ""
	env.total = -1
	head := func() tea.Msg {
		recs, schema, err := nexset.Head(ctx, path, opts, headRecords)
		return nexsetHeadMsg{gen: gen, path: path, recs: recs, schema: schema, err: err}
	}
	count := func() tea.Msg {
		n, err := nexset.Count(ctx, path, opts)
		return nexsetCountMsg{gen: gen, n: n, err: err}
	}
	return tea.Batch(head, count, env.startSpinner())
}

func (s *nexsetStep) options(env *stepEnv) nexset.Options {
	o := env.d.NexsetOptions()
	o.Format = nexset.Format(s.fm.get("format").value())
	o.Follow = false
	return o
}

func (s *nexsetStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	cmd := s.update1(env, msg)
	s.regroup(env)
	return cmd
}

func (s *nexsetStep) update1(env *stepEnv, msg tea.Msg) tea.Cmd {
	km := &nexsetKeyMap
	if k, ok := msg.(tea.KeyPressMsg); ok && s.fm.focused().id == "read" && !s.readOpen && key.Matches(k, km.openReading) {
		s.readOpen = true // the settings open under the line; ↓ goes through them
		s.regroup(env)
		s.fm.focus++
		return s.fm.refocus()
	}
	switch msg := msg.(type) {
	case nexsetHeadMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading = false
		defer s.showReading(env)
		s.failed = ""
		if msg.err != nil && len(msg.recs) == 0 {
			s.headErr = clean(msg.err.Error(), false)
			s.failed = msg.path // its reading settings show, to read it otherwise
			if l := msg.schema.Layout; errors.Is(msg.err, nexset.ErrNoRecords) && l.Format == nexset.XLSX && len(l.Sheets) > 1 {
				// a workbook that opens on a summary sheet: its sheets, to read another
				env.schema = msg.schema
				s.headErr = fmt.Sprintf("no records in sheet %s of %s: choose another sheet above", clean(l.Sheet, false), clean(filepath.Base(msg.path), false))
			}
			return nil
		}
		if msg.err != nil { // bad records among the first: shown, never skipped silently
			s.headErr = clean(msg.err.Error(), true)
		}
		s.loaded = msg.path
		env.recs, env.schema = msg.recs, msg.schema
		kf := s.fm.get("key")
		kf.input.SetSuggestions(keySuggestions(env))
		kf.input.ShowSuggestions = true
		s.apply(env)
		return nil
	case nexsetCountMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.counting = false
		s.count = msg.n
		env.total = -1
		if msg.err == nil {
			env.total = msg.n
		}
		if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
			s.countErr = clean(msg.err.Error(), false)
		}
		return nil
	case tea.KeyPressMsg:
		if key.Matches(msg, km.pickUp, km.pickDown) && s.listing() {
			d := 1
			if key.Matches(msg, km.pickUp) {
				d = -1
			}
			if s.pickFile(d) {
				s.headErr = ""
				s.apply(env)
				return nil
			}
		}
		if key.Matches(msg, km.suggestKey) && s.suggestsKey(env) {
			f := s.fm.focused()
			f.set(flow.SuggestKey(env.recs, env.schema)) // the suggested key, said under the field
			f.input.CursorEnd()
			s.apply(env)
			return nil
		}
		if f := s.fm.focused(); key.Matches(msg, km.load) && f.id != "path" && f.takeGhost() {
			s.apply(env) // the record key's shown completion, as on any text field
			return nil
		}
		if key.Matches(msg, km.load) && (s.fm.focused().id == "path" || s.fm.focus == len(s.fm.visible())-1) {
			if f := s.fm.get("path"); f.takeGhost() {
				// enter takes the shown completion, as tab does; a directory
				// stays open for the next part, a file loads at once
				s.updateSuggestions()
				s.listFiles()
				s.apply(env)
				if !s.isFile(f.value()) {
					return nil
				}
			}
			p := s.fm.get("path").value()
			switch {
			case p == "":
				s.headErr = "type the path of a Nexset file"
				return nil
			case !s.isFile(p):
				s.headErr = fmt.Sprintf("%s: not a readable file", clean(p, false))
				return nil
			case s.loaded != p:
				return s.load(env)
			case s.fm.focused().id == "path":
				s.fm.focus = len(s.fm.visible()) - 1 // straight on; the other fields are optional
				fallthrough
			default:
				s.apply(env)
				return env.next()
			}
		}
	}
	before, beforeReading := s.fm.get("format").value(), s.readingSig()
	res, cmd := s.fm.update(msg)
	if res == formChanged {
		if s.fm.focused().id == "name" {
			s.named = true // even emptied: the field is the user's now
		}
		s.updateSuggestions()
		if s.fm.focused().id == "path" {
			s.listFiles()
		}
		s.apply(env)
		if s.fm.get("format").value() != before && s.loaded != "" ||
			s.readingSig() != beforeReading && s.isFile(s.fm.get("path").value()) {
			return tea.Batch(cmd, s.load(env))
		}
	}
	return cmd
}

// apply writes the step's choices into the destination.
func (s *nexsetStep) apply(env *stepEnv) {
	p := s.fm.get("path").value()
	if abs, err := filepath.Abs(p); err == nil && p != "" {
		p = abs
	}
	env.d.Nexset.Path = p
	env.d.Nexset.Format = nexset.Format(s.fm.get("format").value())
	env.d.Nexset.Key = s.fm.get("key").value()
	s.applyReading(env)
	fromFile := ""
	if p != "" {
		fromFile = flow.NameFromPath(p)
	}
	nf := s.fm.get("name")
	if !s.named && fromFile != "" {
		nf.set(fromFile)
		nf.input.CursorEnd() // ready to be extended or cleared with ctrl+u
	}
	if n := nf.value(); n != "" {
		env.d.Name = n
	} else if fromFile != "" {
		env.d.Name = fromFile
	}
	env.dirty = true
}

// dir is the directory a typed path lists: itself when it ends in a
// separator, else its parent.
func (s *nexsetStep) dir(v string) string {
	if strings.HasSuffix(v, string(filepath.Separator)) {
		if d := strings.TrimSuffix(v, string(filepath.Separator)); d != "" {
			return d
		}
		return string(filepath.Separator)
	}
	return filepath.Dir(v)
}

// updateSuggestions completes the path from its directory's entries, and
// the key from the schema.
func (s *nexsetStep) updateSuggestions() {
	pf := s.fm.get("path")
	v := pf.input.Value()
	dir := s.dir(v)
	names, ok := s.dirCache[dir]
	if !ok {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") || (!e.IsDir() && ownFile(filepath.Join(dir, e.Name()))) {
				continue
			}
			n := filepath.Join(dir, e.Name())
			if dir == "." && !strings.HasPrefix(v, "./") {
				n = e.Name()
			}
			if e.IsDir() {
				n += string(filepath.Separator)
			}
			names = append(names, n)
		}
		sort.Strings(names)
		s.dirCache[dir] = names
	}
	pf.input.SetSuggestions(names)
	pf.input.ShowSuggestions = true
}

func (s *nexsetStep) view(env *stepEnv, width int) string {
	st := &env.st
	var b strings.Builder
	s.fm.get("key").note = s.keyNote(env)
	pf := s.fm.get("path")
	pf.help = pathHelpLoad
	if s.loaded != "" && pf.value() == s.loaded {
		pf.help = pathHelpContinue
	}
	pf.below = s.viewFiles(st)
	b.WriteString(s.fm.view(st))
	b.WriteString("\n")
	switch {
	case s.loading:
		b.WriteString(env.spin.View() + " reading the first records…\n")
	case s.loaded != "":
		b.WriteString(st.label.Render("Records: "))
		switch {
		case s.counting:
			b.WriteString(env.spin.View() + " counting…")
		case s.countErr != "":
			b.WriteString(st.err.Render(s.countErr))
		default:
			b.WriteString(fmt.Sprintf("%d", s.count))
		}
		b.WriteString("\n")
	}
	if s.headErr != "" {
		if !s.fm.get("encoding").hidden && strings.Contains(s.headErr, "--encoding") {
			b.WriteString(st.err.Render(encodingReason(s.headErr, cmp.Or(s.loaded, s.failed))) + "\n")
		} else {
			b.WriteString(st.err.Render(s.headErr) + "\n")
		}
	}
	if s.loaded == "" {
		return b.String()
	}
	// Too little room for a few attributes a line (an 80×24 terminal with
	// the encoding to choose): their names in one line, never none.
	few := min(len(env.schema.Attrs), 3)
	if len(env.schema.Attrs) > few {
		few++ // and the "… and N more" line
	}
	if room := s.height - 2 - strings.Count(b.String(), "\n"); room < 2+few { // a blank line, the header
		names := make([]string, len(env.schema.Attrs))
		for i, a := range env.schema.Attrs {
			names[i] = clean(a.Path, false)
		}
		b.WriteString(st.label.Render("Schema") + st.dim.Render(truncate(fmt.Sprintf(" (from the first %d records, %d attributes): %s", env.schema.Records, len(names), strings.Join(names, ", ")), width-6)) + "\n")
		return b.String()
	}
	b.WriteString("\n" + st.label.Render("Schema") + st.dim.Render(fmt.Sprintf(" (from the first %d records)", env.schema.Records)) + "\n")
	pathW := 6
	for _, a := range env.schema.Attrs {
		pathW = max(pathW, min(28, len(a.Path)))
	}
	// The schema gets what the step's height leaves (the title above the
	// step takes 2 lines); the first records come only when there is room
	// for them too, so the "more" line is never cut off a small terminal.
	room := s.height - 2 - strings.Count(b.String(), "\n")
	recs := min(3, len(env.recs))
	if room < recs+2+min(len(env.schema.Attrs), 4)+1 {
		recs = 0 // the attributes first: the samples show the records
	}
	shown := max(0, min(12, room-1-recs-2*min(recs, 1)))
	if len(env.schema.Attrs) <= shown+1 {
		shown = len(env.schema.Attrs)
	}
	for i, a := range env.schema.Attrs {
		if i >= shown {
			b.WriteString(st.dim.Render(fmt.Sprintf("  … and %d more (the Exclude step lists them all)", len(env.schema.Attrs)-i)) + "\n")
			break
		}
		line := fmt.Sprintf("  %-*s %-16s %s", pathW, truncate(clean(a.Path, false), pathW), strings.Join(a.Types, "|"), clean(strings.Join(a.Examples, ", "), false))
		b.WriteString(truncate(line, width) + "\n")
	}
	if recs == 0 {
		return b.String()
	}
	b.WriteString("\n" + st.label.Render("First records") + "\n")
	for _, r := range env.recs[:recs] {
		js, _ := json.Marshal(r.Fields)
		b.WriteString(truncate(fmt.Sprintf("  %d: %s", r.Line, clean(string(js), false)), width) + "\n")
	}
	return b.String()
}

// truncate cuts s to w columns with an ellipsis.
func truncate(s string, w int) string {
	if w <= 1 || visibleWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && visibleWidth(string(r)) > w-1 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// keySuggestions offers the schema's attributes for the record key, those
// unique and never blank in the records read first ("E" completes to
// "Entry #", not to "Entered By" that repeats).
func keySuggestions(env *stepEnv) []string {
	unique := flow.UniqueKeys(env.recs, env.schema)
	out := slices.Clone(unique)
	for _, a := range env.schema.Attrs {
		if !slices.Contains(unique, a.Path) {
			out = append(out, a.Path)
		}
	}
	return out
}

// keyNote says, under the key field, how the chosen attribute does as a
// key among the records read.
func (s *nexsetStep) keyNote(env *stepEnv) string {
	k := s.fm.get("key").value()
	s.fm.get("key").help = keyHelp
	if k == "" && s.loaded != "" {
		if sk := flow.SuggestKey(env.recs, env.schema); sk != "" {
			s.fm.get("key").help = "why: " + flow.KeyWhy
			return env.st.warn.Render(clean("Suggested: "+sk+" (unique in every record read; tab takes it)", false))
		}
	}
	if k == "" || s.loaded == "" || !slices.ContainsFunc(env.schema.Attrs, func(a nexset.Attr) bool { return a.Path == k }) {
		return ""
	}
	c := flow.CheckKey(env.recs, k)
	if c.OK() {
		return env.st.dim.Render(clean(c.String(), false))
	}
	return env.st.warn.Render(clean("! "+c.String(), false))
}
