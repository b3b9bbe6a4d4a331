package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// mappingStep lists the endpoint's attributes, required ones first, with
// what fills each; enter edits one (a record attribute, a constant, a
// conversion, or an ID looked up in Clio).
type mappingStep struct {
	passAdds  []string // what passthrough sends beyond the mapping (flow.PassthroughAdds)
	targets   []*clio.Leaf
	op        *clio.Operation
	sel       int
	suggested bool                // flow's suggestions were offered once
	examples  map[string][]string // the Nexset attributes' examples, for the Values help
	editing   *clio.Leaf
	fm        form
	before    *flow.Mapping // the target's mapping when its editor opened: esc puts it back
	typed     string        // letters typed on the source field: it jumps to the first match
	srcHelp   string        // the source field's help when nothing is typed
	problems  flow.Problems
	items     map[string]int // items listed per array beyond those mapped (+)
	custom    customPicker   // the firm's custom fields (c; mapping_custom.go)
	more      int            // index in targets of the first under "more attributes"
	height    int
	width     int

	// look-up in Clio (ctrl+f while editing an ID)
	looking   bool
	lookKind  string
	lookGen   int
	lookBusy  bool
	lookErr   string
	results   []clio.Item
	resultSel int
	cancel    context.CancelFunc
}

type searchMsg struct {
	gen   int
	items []clio.Item
	err   error
}

func newMappingStep() step { return &mappingStep{} }

// lookupKinds says which Clio collection fills an ID target.
var lookupKinds = map[string]string{
	"matter.id": "matters", "user.id": "users", "assignee.id": "users", "contact.id": "contacts",
	"activity_description.id": "activity_descriptions", "task_type.id": "task_types",
}

func (s *mappingStep) enter(env *stepEnv) tea.Cmd {
	s.op = nil
	if p, err := env.d.Plan(); err == nil {
		s.op = p.Operation()
	}
	s.targets = s.targets[:0]
	if s.op != nil {
		req := map[string]bool{}
		for _, r := range s.op.RequiredPaths() {
			req[r] = true
		}
		var opt []*clio.Leaf
		leaves := s.op.Leaves()
		for _, l := range append(leaves, s.itemLeaves(env, leaves)...) {
			if strings.Contains(l.Path, "[]") {
				continue
			}
			if l.Required || req[l.Path] {
				s.targets = append(s.targets, l)
			} else {
				opt = append(opt, l)
			}
		}
		if !s.suggested && len(env.d.Mapping) == 0 {
			s.suggest(env)
		}
		s.suggested = true
		// Mapped (and suggested) attributes next; the rest under "more
		// attributes", where a short terminal does not hide the others.
		var rest []*clio.Leaf
		for _, l := range opt {
			if _, i := s.mappingOf(env, l.Path); i >= 0 {
				s.targets = append(s.targets, l)
			} else {
				rest = append(rest, l)
			}
		}
		s.more = len(s.targets)
		s.targets = append(s.targets, rest...)
	}
	s.sel = min(s.sel, max(0, len(s.targets)-1))
	s.problems = stepProblems(env, "mapping")
	s.passAdds, _ = flow.PassthroughAdds(env.d, env.recs)
	return nil
}

// suggest adds flow's suggestions for targets nothing fills yet.
func (s *mappingStep) suggest(env *stepEnv) {
	taken := map[string]bool{}
	for _, mp := range env.d.Mapping {
		taken[mp.Target] = true
	}
	for _, mp := range flow.Suggest(s.op, env.schema) {
		if taken[mp.Target] || flow.Excluded(env.d.Exclude, mp.Source) {
			continue
		}
		env.d.Mapping = append(env.d.Mapping, mp)
		taken[mp.Target] = true
	}
	// An Activity's type, from what else is mapped (hours: TimeEntry).
	if mp, ok := flow.SuggestType(s.op, env.d.Mapping); ok {
		env.d.Mapping = append(env.d.Mapping, mp)
	}
}

func (s *mappingStep) resize(w, h int) { s.width, s.height = w, h; s.fm.setWidth(w) }

func (s *mappingStep) busy() bool { return s.editing != nil || s.custom.open }

// mappingKeys are the Mapping step's bindings, per mode: the footer shows
// them and the key handling matches them, so the two cannot disagree.
type mappingKeys struct {
	// the list of Clio attributes
	up, down, edit, unmap, passthrough, next, addItem, custom key.Binding
	// an attribute's editor (enter and ↑/↓ are its form's: formKeyMap)
	cancel, find key.Binding
	// a look-up in Clio, and the custom fields' list (fill)
	wait, use, fill, resultUp, resultDown, close key.Binding
}

var mappingKeyMap = mappingKeys{
	up:          bind("up k", "↑/↓", "attribute"),
	down:        bind("down j", "", ""),
	edit:        bind("enter", "enter", "edit"),
	unmap:       bind("ctrl+d delete backspace", "del", "unmap"),
	passthrough: bind("p", "", ""), // the passthrough line names it
	next:        bind("tab ctrl+n", "tab", "next step"),
	addItem:     bind("+", "+", "add an item"),
	custom:      bind("c", "", ""), // the custom fields line names it
	cancel:      bind("esc", "esc", "cancel"),
	find:        bind("ctrl+f", "ctrl+f", "find in Clio"),
	wait:        bind("esc", "esc", "cancel the look-up"),
	use:         bind("enter", "enter", "use this ID"),
	fill:        bind("enter", "enter", "fill it"),
	resultUp:    bind("up", "↑/↓", "choose"),
	resultDown:  bind("down", "", ""),
	close:       bind("esc", "esc", "close"),
}

func (s *mappingStep) keys(env *stepEnv) []key.Binding {
	km := &mappingKeyMap
	switch {
	case s.custom.open && s.custom.editing != nil:
		return s.custom.fm.footer("next / done", km.cancel)
	case s.custom.open:
		return []key.Binding{km.fill, km.resultUp, km.resultDown, km.close}
	case s.looking:
		if s.lookBusy {
			return []key.Binding{km.wait}
		}
		return []key.Binding{km.use, km.resultUp, km.resultDown, km.close}
	case s.editing != nil:
		ks := s.fm.footer("next / done", km.cancel)
		if _, ok := lookupKinds[s.editing.Path]; ok && env.conn.ok {
			ks = append(ks, km.find)
		}
		return ks
	}
	add := km.addItem
	if len(s.targets) == 0 || !strings.Contains(s.targets[s.sel].Path, "[") {
		add.SetHelp("", "") // named on a list item's attribute; elsewhere + says what it is for
	}
	return []key.Binding{km.edit, km.unmap, km.next, km.up, km.down, km.passthrough, km.custom, add}
}

func (s *mappingStep) mappingOf(env *stepEnv, target string) (flow.Mapping, int) {
	for i, mp := range env.d.Mapping {
		if mp.Target == target {
			return mp, i
		}
	}
	return flow.Mapping{}, -1
}

func (s *mappingStep) setMapping(env *stepEnv, target string, mp *flow.Mapping) {
	_, i := s.mappingOf(env, target)
	switch {
	case mp == nil && i >= 0:
		env.d.Mapping = append(env.d.Mapping[:i:i], env.d.Mapping[i+1:]...)
	case mp != nil && i >= 0:
		env.d.Mapping[i] = *mp
	case mp != nil:
		env.d.Mapping = append(env.d.Mapping, *mp)
	}
	env.dirty = true
	s.problems = stepProblems(env, "mapping")
	s.passAdds, _ = flow.PassthroughAdds(env.d, env.recs)
}

func (s *mappingStep) openEditor(env *stepEnv, l *clio.Leaf) tea.Cmd {
	s.editing, s.before, s.typed = l, nil, ""
	cur, i := s.mappingOf(env, l.Path)
	if i >= 0 {
		before := cur
		s.before = &before
	}
	opts, labels := []string{""}, []string{"(not mapped)"}
	// An attribute with an enum offers its values right here: picking one
	// is the constant, with nothing to type.
	for _, v := range l.Attr.Enum {
		opts, labels = append(opts, enumPrefix+v), append(labels, "= "+clean(v, false))
	}
	s.examples = map[string][]string{}
	for _, a := range env.schema.Attrs {
		opts, labels = append(opts, "attr:"+a.Path), append(labels, clean(a.Path, false))
		s.examples[a.Path] = a.Examples
	}
	opts, labels = append(opts, "const"), append(labels, "constant")
	src := ""
	val := ""
	if i >= 0 {
		if cur.Const {
			src, val = "const", constText(cur.Value)
			if slices.Contains(l.Attr.Enum, val) {
				src = enumPrefix + val
			}
		} else {
			src = "attr:" + cur.Source
		}
	}
	convs := conversionChoices(cur.Convert, l.Path)
	convLabels := append([]string{"none"}, convs[1:]...)
	convLabels[slices.Index(convs, valuesChoice)] = "values:FROM=TO,…"
	curConv, pairs := cur.Convert, ""
	if flow.IsValues(curConv) {
		curConv, pairs = valuesChoice, strings.TrimPrefix(cur.Convert, valuesChoice)
	}
	source := newChoiceField("source", "Source", opts, labels, src)
	s.srcHelp = sourceHelp
	if len(l.Attr.Enum) > 0 {
		s.srcHelp = enumSourceHelp
	}
	source.help = s.srcHelp
	conv := newChoiceField("convert", "Conversion", convs, convLabels, curConv)
	conv.filter = true
	conv.typed = typedLayout
	values := newTextField("values", "Values", pairs)
	value := newTextField("value", "Constant value", val)
	if len(l.Attr.Enum) > 0 {
		value.help = "one of " + strings.Join(l.Attr.Enum, ", ")
		value.input.SetSuggestions(l.Attr.Enum)
		value.input.ShowSuggestions = true
	} else if _, ok := lookupKinds[l.Path]; ok {
		value.help = "ctrl+f finds it in Clio"
	}
	s.fm = form{fields: []*field{source, conv, values, value}}
	s.fm.setWidth(s.width)
	s.showEditor()
	return s.fm.refocus()
}

func (s *mappingStep) showEditor() {
	src := s.fm.get("source").value()
	s.fm.get("value").hidden = src != "const"
	s.fm.get("convert").hidden = src == "" || src == "const" || strings.HasPrefix(src, enumPrefix)
	if c := s.fm.get("convert"); !c.hidden {
		c.help = conversionHelp(c.value())
	}
	vf := s.fm.get("values")
	vf.hidden = s.fm.get("convert").hidden || s.fm.get("convert").value() != valuesChoice
	vf.help = "FROM=TO pairs, e.g. Y=false,N=true; a value not listed fails its record"
	if name, ok := strings.CutPrefix(src, "attr:"); ok && len(s.examples[name]) > 0 {
		vf.help += "; " + name + " holds " + strings.Join(s.examples[name], ", ")
	}
}

// valuesChoice is the conversion choice of a values conversion; its
// FROM=TO pairs are typed in the Values field below it.
const valuesChoice = "values:"

// typedLayout takes a date or datetime layout typed in the Conversion row
// (date:DD.MM.YY, datetime:YYYY/MM/DD[ hh:mm]) and checks it as typed.
func typedLayout(q string) (bool, error) {
	q = strings.TrimSpace(q)
	if !flow.IsLayoutConversion(q) {
		return false, nil
	}
	return true, flow.CheckConversion(q)
}

// conversionChoices lists "" (none), the lookups that fit target, flow's
// conversions and the date layouts, plus cur when it is another layout (a
// suggestion such as date:DD.MM.YYYY, or an edited file's), so opening the
// editor never drops it. The lookups come first: an ID target is often
// looked up by a firm's reference, and the layouts' long list would push
// them below a small terminal's edge.
func conversionChoices(cur, target string) []string {
	out := append([]string{""}, flow.LookupsFor(target)...)
	out = append(out, flow.Conversions()...)
	out = append(out, flow.RecommendedLayouts()...) // every layout a warning may name
	out = append(out, valuesChoice)
	if !slices.Contains(out, cur) && !flow.IsValues(cur) {
		out = append(out, cur)
	}
	return out
}

// conversionHelp says what the chosen conversion does, from flow's words.
func conversionHelp(conv string) string {
	if conv == "" {
		return "none keeps the value as it is"
	}
	if h, ok := flow.ConversionHelp[conv]; ok {
		return h
	}
	if flow.IsValues(conv) {
		return flow.ConversionHelp["values"]
	}
	if h := flow.LookupHelp(conv); h != "" {
		return h
	}
	base, layout, ok := strings.Cut(conv, ":")
	if !ok {
		return flow.ConversionHelp[conv]
	}
	return "reads " + base + "s strictly as " + layout
}

const (
	sourceHelp     = "←/→ choose a record attribute or a constant, or type its name"
	enumSourceHelp = "←/→ choose one of Clio's values (= …), a record attribute or a constant, or type its name"
	enumPrefix     = "value:" // a source option that is one of the attribute's enum values
)

// applyLive writes the editor's current values into the destination on
// every change, so the side pane follows each keystroke. A constant that
// does not parse yet leaves the last good mapping in place; enter reports it.
func (s *mappingStep) applyLive(env *stepEnv) {
	_ = s.saveEditor(env)
}

// typeAhead moves the source field to the first attribute whose name starts
// with (else contains) what was typed there.
func (s *mappingStep) typeAhead(k tea.KeyPressMsg) bool {
	f := s.fm.focused()
	if f == nil || f.id != "source" {
		return false
	}
	switch {
	case key.Matches(k, formKeyMap.filter):
		if s.typed == "" {
			return false
		}
		s.typed = string([]rune(s.typed)[:len([]rune(s.typed))-1])
	case k.Mod&^tea.ModShift == 0 && printable(k.Text):
		s.typed += k.Text
	default:
		if key.Matches(k, formKeyMap.left, formKeyMap.right) {
			s.typed, f.query = "", ""
			f.help = s.srcHelp
		}
		return false
	}
	f.query = s.typed // the row shows only the sources that hold it
	f.help = s.srcHelp
	if s.typed == "" {
		return true
	}
	q := strings.ToLower(s.typed)
	match := -1
	for pass := 0; pass < 2 && match < 0; pass++ {
		for i, o := range f.options {
			name := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(o, "attr:"), enumPrefix))
			if !strings.HasPrefix(o, "attr:") && !strings.HasPrefix(o, enumPrefix) && o != "const" {
				continue
			}
			if pass == 0 && strings.HasPrefix(name, q) || pass == 1 && strings.Contains(name, q) {
				match = i
				break
			}
		}
	}
	if match < 0 {
		f.help = "no attribute matches " + strconv.Quote(s.typed) + " (backspace)"
		return true
	}
	f.choice = match
	f.help = "typed: " + s.typed
	return true
}

func printable(t string) bool {
	if t == "" || t == " " {
		return false
	}
	for _, r := range t {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func (s *mappingStep) saveEditor(env *stepEnv) error {
	l := s.editing
	src := s.fm.get("source").value()
	switch {
	case src == "":
		s.setMapping(env, l.Path, nil)
	case src == "const":
		v, err := flow.ParseConstant(s.fm.get("value").value(), l.Attr)
		if err != nil {
			return err
		}
		s.setMapping(env, l.Path, &flow.Mapping{Target: l.Path, Value: v, Const: true})
	case strings.HasPrefix(src, enumPrefix):
		v, err := flow.ParseConstant(strings.TrimPrefix(src, enumPrefix), l.Attr)
		if err != nil {
			return err
		}
		s.setMapping(env, l.Path, &flow.Mapping{Target: l.Path, Value: v, Const: true})
	default:
		conv := s.fm.get("convert").value()
		if err := flow.CheckConversion(conv); err != nil && conv != valuesChoice && !flow.IsValues(conv) {
			return err // a layout still being typed: the last good mapping stays
		}
		if conv == valuesChoice {
			conv += strings.TrimSpace(s.fm.get("values").value())
			if _, err := flow.ParseValues(conv); err != nil {
				return err
			}
		}
		s.setMapping(env, l.Path, &flow.Mapping{Target: l.Path, Source: strings.TrimPrefix(src, "attr:"), Convert: conv})
	}
	return nil
}

func (s *mappingStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	if sm, ok := msg.(searchMsg); ok {
		if sm.gen != s.lookGen {
			return nil
		}
		s.lookBusy = false
		s.results, s.resultSel, s.lookErr = sm.items, 0, ""
		if sm.err != nil && !errors.Is(sm.err, context.Canceled) {
			s.lookErr = clean(sm.err.Error(), false)
		}
		return nil
	}
	if _, ok := msg.(customFieldsMsg); ok || s.custom.open {
		return s.updateCustom(env, msg)
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if s.looking {
		return s.updateLookup(env, msg)
	}
	if s.editing != nil {
		if isKey {
			switch {
			case key.Matches(k, mappingKeyMap.cancel):
				s.setMapping(env, s.editing.Path, s.before) // the live edits are undone
				s.editing = nil
				return nil
			case key.Matches(k, mappingKeyMap.find):
				if kind, ok := lookupKinds[s.editing.Path]; ok && env.conn.ok {
					return s.openLookup(env, kind)
				}
			}
		}
		if isKey && s.typeAhead(k) {
			s.showEditor()
			s.applyLive(env)
			return nil
		}
		res, cmd := s.fm.update(msg)
		switch res {
		case formChanged:
			s.showEditor()
			s.applyLive(env)
		case formSubmit:
			if err := s.saveEditor(env); err != nil {
				env.flash = env.st.err.Render(clean(err.Error(), false))
				return cmd
			}
			env.flash = ""
			s.editing = nil
		}
		return cmd
	}
	if !isKey {
		return nil
	}
	km := &mappingKeyMap
	switch {
	case key.Matches(k, km.up):
		s.sel = max(0, s.sel-1)
	case key.Matches(k, km.down):
		s.sel = min(len(s.targets)-1, s.sel+1)
	case key.Matches(k, km.edit):
		if len(s.targets) == 0 {
			return env.next()
		}
		return s.openEditor(env, s.targets[s.sel])
	case key.Matches(k, km.unmap):
		if len(s.targets) > 0 {
			s.setMapping(env, s.targets[s.sel].Path, nil)
		}
	case key.Matches(k, km.passthrough):
		on := !env.d.PassthroughOn()
		env.d.Passthrough = &on
		s.setMapping(env, "", nil) // recomputes the problems and what passthrough adds
	case key.Matches(k, km.next):
		return env.next()
	case key.Matches(k, km.addItem):
		s.addItem(env)
	case key.Matches(k, km.custom):
		return s.openCustom(env)
	}
	return nil
}

// passthroughLine says whether unmapped record attributes are sent too,
// naming them, and how to switch.
func (s *mappingStep) passthroughLine(env *stepEnv, width int) string {
	st := &env.st
	adds := strings.Join(s.passAdds, ", ")
	var line string
	switch {
	case len(s.passAdds) == 0:
		line = "Passthrough " + map[bool]string{true: "on", false: "off"}[env.d.PassthroughOn()] + ": no unmapped attribute would be sent (p switches)"
	case env.d.PassthroughOn():
		line = fmt.Sprintf("Passthrough on: also sends %d unmapped: %s (p turns it off)", len(s.passAdds), adds)
	default:
		line = fmt.Sprintf("Passthrough off: %d unmapped not sent: %s (p sends them)", len(s.passAdds), adds)
	}
	return st.dim.Render(truncate(clean(line, false), width)) + "\n"
}

// maxLookupFailures is how many records that do not resolve the Mapping
// step names before counting the rest.
const maxLookupFailures = 3

// lookupLines is the Mapping step's word on look-ups: how many of the first
// records resolve, and which do not, with Clio's answer.
func (s *mappingStep) lookupLines(env *stepEnv, width int) string {
	line, bad := env.lookupSummary()
	if line == "" {
		return ""
	}
	st := &env.st
	out := st.dim.Render(truncate(clean(line, false), width)) + "\n"
	for i, b := range bad {
		if i == maxLookupFailures {
			out += st.warn.Render(fmt.Sprintf("  … and %d more that do not resolve", len(bad)-i)) + "\n"
			break
		}
		out += "  " + hangIndent(st.warn.Render(clean("✗ "+b, false)), width, "    ") + "\n"
	}
	return out
}

func (s *mappingStep) openLookup(env *stepEnv, kind string) tea.Cmd {
	s.looking, s.lookKind, s.results, s.lookErr = true, kind, nil, ""
	q := newTextField("query", "Find "+strings.ReplaceAll(kind, "_", " ")+" in Clio", "")
	s.fm.fields = append(s.fm.fields, q)
	return tea.Batch(q.input.Focus(), s.search(env, ""))
}

func (s *mappingStep) closeLookup() {
	s.looking = false
	if s.cancel != nil {
		s.cancel()
	}
	s.fm.fields = s.fm.fields[:len(s.fm.fields)-1]
	s.lookBusy = false
}

// search asks Clio in a Cmd; each new query cancels the one before.
func (s *mappingStep) search(env *stepEnv, q string) tea.Cmd {
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancel = cancel
	s.lookGen++
	gen, kind, c := s.lookGen, s.lookKind, env.conn.client
	s.lookBusy = true
	return tea.Batch(func() tea.Msg {
		items, err := c.Search(ctx, kind, q, 10)
		return searchMsg{gen: gen, items: items, err: err}
	}, env.startSpinner())
}

func (s *mappingStep) updateLookup(env *stepEnv, msg tea.Msg) tea.Cmd {
	q := s.fm.fields[len(s.fm.fields)-1]
	if k, ok := msg.(tea.KeyPressMsg); ok {
		km := &mappingKeyMap
		switch {
		case key.Matches(k, km.close): // and km.wait: the same esc
			if s.lookBusy {
				// the wait ends here; a second esc closes the look-up
				s.cancel()
				s.lookGen++ // a late answer is not shown
				s.lookBusy, s.results = false, nil
				s.lookErr = "look-up cancelled; type to search again, esc closes"
				return nil
			}
			s.closeLookup()
			return nil
		case key.Matches(k, km.resultUp):
			s.resultSel = max(0, s.resultSel-1)
			return nil
		case key.Matches(k, km.resultDown):
			s.resultSel = min(len(s.results)-1, s.resultSel+1)
			return nil
		case key.Matches(k, km.use):
			if len(s.results) == 0 {
				return nil
			}
			id := s.results[s.resultSel].ID
			s.closeLookup()
			s.fm.get("source").set("const")
			s.fm.get("value").set(strconv.FormatInt(id, 10))
			s.showEditor()
			s.applyLive(env)
			s.fm.focus = len(s.fm.visible()) - 1 // on the value: enter saves it
			return s.fm.refocus()
		}
	}
	before := q.input.Value()
	var cmd tea.Cmd
	q.input, cmd = q.input.Update(msg)
	if q.input.Value() != before {
		return tea.Batch(cmd, s.search(env, strings.TrimSpace(q.input.Value())))
	}
	return cmd
}

func constText(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

func (s *mappingStep) describe(env *stepEnv, target string) string {
	mp, i := s.mappingOf(env, target)
	if i < 0 {
		return "-"
	}
	if mp.Const {
		return "= " + clean(constText(mp.Value), false)
	}
	out := "← " + clean(mp.Source, false)
	if mp.Convert != "" {
		out += " (" + mp.Convert + ")"
	}
	return out
}

func (s *mappingStep) view(env *stepEnv, width int) string {
	st := &env.st
	var b strings.Builder
	if s.op == nil {
		b.WriteString(st.dim.Render("This endpoint is not in Clio's catalogue: the record's attributes are sent as they are.\n"))
		b.WriteString(renderProblems(st, s.problems))
		return b.String()
	}
	if s.editing != nil {
		req := ""
		if s.editing.Required {
			req = st.err.Render(" (required)")
		}
		b.WriteString(st.label.Render(s.editing.Path) + req + st.dim.Render(" "+s.editing.Attr.Type) + "\n\n")
		b.WriteString(s.fm.view(st))
		if flow.LookupHelp(s.fm.get("convert").value()) != "" && !s.fm.get("convert").hidden {
			b.WriteString("\n" + s.lookupLines(env, width))
		}
		if s.looking {
			b.WriteString("\n")
			if s.lookBusy {
				b.WriteString(env.spin.View() + " searching Clio… (esc cancels)\n")
			}
			if s.lookErr != "" {
				b.WriteString(st.err.Render(s.lookErr) + "\n")
			}
			for i, it := range s.results {
				line := fmt.Sprintf("%d  %s", it.ID, clean(it.Label, false))
				if i == s.resultSel {
					b.WriteString(st.focus.Render("> "+truncate(line, width-2)) + "\n")
				} else {
					b.WriteString("  " + truncate(line, width-2) + "\n")
				}
			}
			if !s.lookBusy && len(s.results) == 0 && s.lookErr == "" {
				b.WriteString(st.dim.Render("nothing found") + "\n")
			}
		}
		return b.String()
	}
	if s.custom.open {
		return s.viewCustom(env, width)
	}
	b.WriteString(lipgloss.NewStyle().Width(width).Render(st.dim.Render("* required. Suggestions from the Nexset's names are filled in.")) + "\n")
	b.WriteString(s.passthroughLine(env, width))
	lk := s.customLine(env, width) + s.lookupLines(env, width)
	b.WriteString(lk + "\n")
	w := nameColumn(s.targets, width)
	rows := max(5, s.height-11-len(s.problems)-strings.Count(lk, "\n"))
	first := max(0, min(s.sel-rows/2, len(s.targets)-rows))
	end := min(len(s.targets), first+rows)
	if first < s.more && s.more < end {
		end-- // the "more attributes" line takes a row
		if s.sel >= end {
			first, end = first+1, end+1
		}
	}
	b.WriteString(moreAbove(st, first))
	for i := first; i < end; i++ {
		l := s.targets[i]
		if i == s.more && i > 0 {
			b.WriteString(st.dim.Render(fmt.Sprintf("  more attributes (%d):", len(s.targets)-s.more)) + "\n")
		}
		mark := "  "
		if l.Required {
			mark = st.err.Render("* ")
		}
		line := fmt.Sprintf("%-*s %s", w, truncate(l.Path, w), s.describe(env, l.Path))
		if i == s.sel {
			b.WriteString(st.focus.Render(">") + mark + st.focus.Render(truncate(line, width-3)) + "\n")
		} else {
			b.WriteString(" " + mark + truncate(line, width-3) + "\n")
		}
	}
	b.WriteString(moreBelow(st, len(s.targets)-end))
	if len(s.problems) > 0 {
		b.WriteString("\n" + renderProblems(st, withHints(s.problems)))
	}
	return b.String()
}

// nameColumn is the width of the attribute names in the list: the longest
// name, up to 44 columns and leaving describeRoom beside it (longer names
// end in …).
func nameColumn(targets []*clio.Leaf, width int) int {
	w := 8
	for _, l := range targets {
		w = max(w, visibleWidth(l.Path))
	}
	return max(8, min(w, 44, width-3-1-describeRoom))
}

// describeRoom is what "← hours (hours_to_seconds)" needs.
const describeRoom = 26

// withHints says what to do about flow's "required attribute X has no
// mapping" on the step where it is done.
func withHints(ps flow.Problems) flow.Problems {
	out := make(flow.Problems, len(ps))
	for i, p := range ps {
		if rest, ok := strings.CutPrefix(p.Message, "required attribute "); ok {
			if strings.Contains(rest, " has no mapping") {
				p.Message += ": press enter on it and choose a value"
			}
		}
		out[i] = p
	}
	return out
}
