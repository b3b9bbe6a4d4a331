package flow

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// Call is one HTTP request exactly as it will be sent, minus Authorization,
// which the Clio client adds for the credential's host only.
type Call struct {
	Method  string
	URL     string // absolute when the host is known, else "/api/v4/…"
	Path    string // relative to the API base ("/activities.json?x=1"), for clio.Request
	Header  http.Header
	Body    []byte // nil when the method sends none
	Records []RecordRef
	// Problems is the catalogue's verdict on the body (and on each element of
	// a batch); empty means Clio's published rules accept it.
	Problems []string
	Warnings []string // what Clio may tolerate, e.g. attributes it does not document
	// env is the planner's environment, which Request reads the header
	// variables from (WithEnv).
	env func(string) string
}

// Request turns the call into a clio.Request, the one thing handed to the
// Clio client. It is where a header's ${NAME} references are replaced by
// their environment variables: the Call keeps the references, so samples,
// the ledger and the response webhook never see the values. An unset
// variable stays as written; the Planner's send paths (Build, Calls,
// TestCall) have refused it already with an *EnvError.
func (c Call) Request() clio.Request {
	path, query, _ := strings.Cut(c.Path, "?")
	r := clio.Request{Method: c.Method, Path: path, Header: c.Header.Clone(), Body: c.Body}
	for name, vs := range r.Header {
		for i, v := range vs {
			if strings.Contains(v, "${") {
				if x, err := expandHeaderValue(name, v, c.env); err == nil {
					vs[i] = x
				}
			}
		}
	}
	if query != "" {
		if q, err := url.ParseQuery(query); err == nil {
			r.Query = q
		}
	}
	return r
}

// RecordFailure is one record that cannot become (part of) a request. It is
// never silently skipped: activation keeps it in the ledger with the reason.
type RecordFailure struct {
	File   string // Nexset name, for messages
	Pos    int
	Line   int
	Key    string
	Attr   string // the attribute at fault, when one is
	Reason string
	// Cell is the workbook cell of Attr (Time!C12), which messages name
	// rather than the line; "" for text Nexsets.
	Cell string
	// Err is the error the failure was made from (never written
	// anywhere): a look-up Clio did not answer is told by it
	// (lookup.RequestError), since that is not the record's fault.
	Err error
}

func (f RecordFailure) Error() string {
	var b strings.Builder
	if f.File != "" {
		b.WriteString(f.File + " ")
	}
	if f.Cell != "" {
		fmt.Fprintf(&b, "%s (record %d): ", f.Cell, f.Pos)
	} else {
		fmt.Fprintf(&b, "line %d (record %d): ", f.Line, f.Pos)
	}
	b.WriteString(f.What())
	return b.String()
}

// What is the failure without its location: the attribute at fault and why.
func (f RecordFailure) What() string {
	if f.Attr != "" {
		return f.Attr + ": " + f.Reason
	}
	return f.Reason
}

// Item is one record made ready: its reference, URL and body data. Activation
// prepares records one by one, groups Items, and turns groups into Calls.
type Item struct {
	Ref      RecordRef
	Path     string         // expanded URL (path with /api/v4, or absolute)
	Fields   map[string]any // the record after exclusion (grouping reads it)
	Data     map[string]any // the body's data object
	Find     string         // the find-by value as written (findby.go); "" without find_by
	Problems []string       // catalogue verdict on this record's body: what Clio refuses
	Warnings []string       // what Clio may tolerate (attributes it does not document)
	// Custom is the record's custom field values as [field name, value]
	// (the value as converted, before its field is looked up), in the
	// custom_fields order: what the fingerprint holds of them (Print), since
	// Data holds custom_field_values only once the fields' IDs are known.
	// nil when the destination has no custom fields.
	Custom [][2]any
}

// Planner builds requests for one destination; it is the single code path
// behind sample payloads, test sends and activation. Safe for concurrent use.
type Planner struct {
	d          *Destination
	r          *resolved
	host       clio.Host
	hasHost    bool
	consumed   []string // record paths used by mappings and URL macros: not passed through
	pass       bool
	nexsetName string
	apiVersion string
	loc        *time.Location                               // the destination's time zone (UTC when unset)
	num        numberFormat                                 // the destination's decimal mark and currency
	enums      []*clio.Leaf                                 // the body's attributes with allowed values, for enumCase
	resolve    func(lookup.Spec, any) (lookup.Match, error) // lookups (nil: left for the send; see lookupconv.go)
	parent     string                                       // the parent type of the endpoint's custom fields ("" for none)
	field      func(name string) (clio.CustomField, error)  // custom fields by name (nil: left for the send; customfields.go)
	links      *sync.Map                                    // custom field ID → its shared {"id": N} (customvalues.go)
	env        func(string) string                          // header variables (WithEnv; nil: none set)
}

// InvalidError is returned when a destination has problems that stop
// requests from being built.
type InvalidError struct{ Problems Problems }

func (e *InvalidError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.String()
	}
	return "destination is not valid: " + strings.Join(msgs, "; ")
}

// Plan prepares a planner for the destination. The host is base_url's when
// set, else unknown (URLs are shown as /api/v4/…) until PlanOn gives it.
func (d *Destination) Plan() (*Planner, error) {
	if strings.TrimSpace(d.BaseURL) != "" {
		h, err := clio.ParseBaseURL(d.BaseURL)
		if err != nil {
			return nil, &InvalidError{Problems{{Field: "base_url", Message: err.Error()}}}
		}
		return d.PlanOn(h)
	}
	return d.plan(clio.Host{}, false)
}

// PlanOn prepares a planner that sends to host h (the credential's host). An
// absolute Advanced URL on another host is refused: a token never leaves its host.
func (d *Destination) PlanOn(h clio.Host) (*Planner, error) {
	return d.plan(h, h.Root != nil)
}

func (d *Destination) plan(h clio.Host, hasHost bool) (*Planner, error) {
	probs := checkConfig(d).Errors()
	if len(probs) > 0 {
		return nil, &InvalidError{probs}
	}
	r, _ := resolveEndpoint(d)
	if hasHost {
		if p := hostProblem(r, h); p != nil {
			return nil, &InvalidError{Problems{*p}}
		}
	}
	p := &Planner{d: d, r: r, host: h, hasHost: hasHost, pass: d.PassthroughOn(), apiVersion: d.EffectiveAPIVersion(), loc: d.Location(),
		num: numberFormat{decimal: d.Nexset.Decimal, currency: d.Currency}, parent: customFieldParent(r), links: &sync.Map{}}
	if name := d.Nexset.Path; name != "" {
		p.nexsetName = baseName(name)
	}
	for _, m := range d.Mapping {
		if !m.Const {
			p.consumed = append(p.consumed, m.Source)
		}
	}
	p.consumed = append(p.consumed, r.url.Attrs()...)
	for _, l := range r.op.Leaves() {
		if len(l.Attr.Enum) > 0 && l.Attr.Type == "string" && !strings.Contains(l.Path, "[]") {
			p.enums = append(p.enums, l)
		}
	}
	return p, nil
}

// hostProblem is the one check that an Advanced absolute URL is on host h,
// the host the credential's token goes to: made when sending (PlanOn), and
// as early as the host is known (base_url in checkConfig, CheckHost).
func hostProblem(r *resolved, h clio.Host) *Problem {
	if r == nil || r.absolute == nil || h.Root == nil || h.Same(r.absolute) {
		return nil
	}
	return &Problem{Field: "endpoint.url", Message: fmt.Sprintf("%s is not the credential's host %s: its token is never sent elsewhere", r.absolute.Host, h)}
}

// CheckHost reports an Advanced absolute URL that is not on h, the host the
// destination's requests will go to (--base-url, or the saved credential's
// host), so validate and new refuse it before test or activate would.
func (d *Destination) CheckHost(h clio.Host) Problems {
	r, _ := resolveEndpoint(d)
	if p := hostProblem(r, h); p != nil {
		return Problems{*p}
	}
	return nil
}

func baseName(p string) string {
	if p == "-" {
		return "stdin"
	}
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// Operation is the catalogue operation the endpoint sends to (nil if unknown).
func (p *Planner) Operation() *clio.Operation { return p.r.op }

// NexsetName is the Nexset's file name as record failures give it.
func (p *Planner) NexsetName() string { return p.nexsetName }

// Method is the HTTP method of every call.
func (p *Planner) Method() string { return p.r.method }

// Destination is the destination the planner was made from.
func (p *Planner) Destination() *Destination { return p.d }

// Prepare makes one record ready. A record that cannot be sent (missing URL
// attribute, bad ID, failed conversion, missing key) is a *RecordFailure.
func (p *Planner) Prepare(rec nexset.Record) (Item, *RecordFailure) {
	fail := func(key string, err error) *RecordFailure {
		f := &RecordFailure{File: p.nexsetName, Pos: rec.Pos, Line: rec.Line, Key: key, Reason: err.Error(), Err: err}
		if ae, ok := err.(*AttrError); ok {
			f.Attr, f.Reason, f.Cell = ae.Attr, ae.Reason, rec.Cell(ae.Attr)
		}
		return f
	}
	fields := stripExcluded(rec.Fields, p.d.Exclude)
	content, key, err := p.identify(fields, rec)
	if err != nil {
		return Item{}, fail("", err)
	}
	if err := p.checkSize(len(content)); err != nil {
		return Item{}, fail(key, err)
	}
	path, err := p.r.url.Expand(fields)
	if err != nil {
		return Item{}, fail(key, err)
	}
	if p.r.idAttr != "" {
		v, _ := nexset.Get(fields, p.r.idAttr)
		if s, _ := scalarText(v); !idLiteral.MatchString(s) {
			return Item{}, fail(key, &AttrError{Attr: p.r.idAttr, Reason: fmt.Sprintf("%v is not an ID (a positive whole number)", quoteIfString(v))})
		}
	}
	findRaw, find, err := p.findValue(rec.Fields)
	if err != nil {
		return Item{}, fail(key, err)
	}
	data, custom, warnings, err := p.bodyData(fields, rec.Cell)
	if err != nil {
		return Item{}, fail(key, err)
	}
	it := Item{Ref: RecordRef{Pos: rec.Pos, Line: rec.Line, Key: key, Hash: contentHash(content), Find: find}, Path: path, Fields: fields, Data: data, Custom: custom, Warnings: warnings, Find: findRaw}
	if op := p.r.op; op != nil && p.r.method != "DELETE" {
		// Checked on the value itself (no JSON round trip per record) when
		// its encoding is certain; else encoded and checked as sent.
		if err := p.check(&it, op); err != nil {
			return Item{}, fail(key, err)
		}
	}
	return it, nil
}

// check adds the catalogue's verdict on the item's body by op to its
// Problems and Warnings.
func (p *Planner) check(it *Item, op *clio.Operation) error {
	probs, ok := op.ValidateData(it.Data)
	if !ok {
		body, err := json.Marshal(map[string]any{"data": it.Data})
		if err != nil {
			return fmt.Errorf("body cannot be encoded: %w", err)
		}
		probs = op.Validate(body)
	}
	var undocumented []clio.Problem
	for _, pr := range probs {
		if p.deferredProblem(pr.Message) {
			continue // the value is looked up when sent
		}
		if pr.Undocumented {
			undocumented = append(undocumented, pr)
			continue // named together below
		}
		if pr.Warning {
			it.Warnings = append(it.Warnings, pr.Message)
		} else {
			it.Problems = append(it.Problems, pr.Message)
		}
	}
	it.Warnings = append(it.Warnings, undocumentedWarning(op, undocumented)...)
	return nil
}

func quoteIfString(v any) any {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return v
}

// bodyData builds the data object: passed-through attributes, then mappings
// (which win), then exclusion once more on the target paths. Warnings name
// values a conversion may have misread (an ambiguous 03/04/2024), by the
// source's workbook cell when cell names one (Time!C12 (hours): …). custom
// is the record's custom field values by name (Item.Custom), nil when the
// destination has no custom fields.
func (p *Planner) bodyData(fields map[string]any, cell func(attr string) string) (data map[string]any, custom [][2]any, warnings []string, err error) {
	where := func(src string) string {
		if c := cell(src); c != "" {
			return c + " (" + src + ")"
		}
		return src
	}
	data = map[string]any{}
	if p.pass {
		rest := deepCopy(fields)
		for _, c := range p.consumed {
			nexset.Delete(rest, c)
		}
		if p.r.template != nil {
			data = matching(rest, p.r.op.Data)
		} else {
			data = rest
		}
	}
	var items itemBuilder
	for _, m := range p.d.Mapping {
		it, isItem, _ := ParseItemTarget(m.Target) // malformed ones are refused at load
		var v any
		if m.Const {
			v = deepCopyValue(m.Value)
		} else {
			var ok bool
			if v, ok = nexset.Get(fields, m.Source); !ok {
				if isItem {
					items.skip(it)
				}
				continue // absent: not sent; a required target is caught by the catalogue
			}
		}
		raw := v
		v, err := p.convert(m, v)
		if err == errBlank {
			if isItem && !m.Const {
				items.skip(it)
			}
			continue
		}
		if err == errDeferred {
			warnings = append(warnings, deferredNote(m, raw))
			continue
		}
		if err != nil {
			attr := m.Source
			if m.Const {
				attr = m.Target
			}
			return nil, nil, nil, &AttrError{Attr: attr, Reason: fmt.Sprintf("%v (converting to %s for %s)", err, m.Convert, m.Target), Err: err}
		}
		if (m.Convert == "date" || m.Convert == "datetime") && !m.Const {
			if why := ambiguousDate(m.Convert, raw); why != "" {
				warnings = append(warnings, fmt.Sprintf("%s: %s", where(m.Source), why))
			}
		}
		if why := p.ambiguousNumber(m, raw); why != "" {
			warnings = append(warnings, fmt.Sprintf("%s: %s", where(m.Source), why))
		}
		if b, ok := v.(bool); ok && !m.Const && (m.Convert == "" || m.Convert == "boolean") && opposite(m.Source, m.Target) {
			warnings = append(warnings, invertedWarning(m, raw, b))
		}
		if isItem {
			items.set(it, v, !m.Const)
			continue
		}
		nexset.Set(data, m.Target, v)
	}
	items.into(data)
	if len(p.d.CustomFields) > 0 {
		var cfv []any
		var cw []string
		cfv, custom, cw, err = p.customFieldValues(fields)
		if err != nil {
			return nil, nil, nil, err
		}
		warnings = append(warnings, cw...)
		if len(cfv) > 0 {
			data[customFieldsAttr] = cfv
		}
	}
	for _, x := range p.d.Exclude {
		nexset.Delete(data, x)
	}
	warnings = append(warnings, p.enumCase(data)...)
	return data, custom, warnings, nil
}

// targetAttr is the catalogue's attribute at a body path (nil when unknown).
func (p *Planner) targetAttr(path string) *clio.Attr {
	if p.r.op == nil {
		return nil
	}
	return p.r.op.Data.At(path)
}

// invertedWarning says what a plainly mapped value becomes when the source
// and target names mean opposite things (Billable? Y → non_billable true).
func invertedWarning(m Mapping, raw any, sent bool) string {
	return fmt.Sprintf("%s is %v, sent as %s: %t, but the names say opposite things: if %v means %s, convert with boolean:not (or values:…)",
		m.Source, quoteIfString(raw), m.Target, sent, quoteIfString(raw), strings.Trim(Normalise(m.Source), "_"))
}

// matching keeps the record attributes whose path is an attribute of the
// operation's data (objects recursively), so templates send nothing Clio
// does not know.
func matching(fields map[string]any, schema *clio.Attr) map[string]any {
	out := map[string]any{}
	if schema == nil {
		return out
	}
	for k, v := range fields {
		a := schema.Prop(k)
		if a == nil {
			continue
		}
		if a.Type == "object" && len(a.Props) > 0 {
			if m, ok := v.(map[string]any); ok {
				if sub := matching(m, a); len(sub) > 0 {
					out[k] = sub
				}
			}
			continue
		}
		out[k] = v
	}
	return out
}

// Calls turns prepared items into requests to send: one per item without
// batching; with batching, one per distinct URL among the items (in
// first-seen order). A header variable that is unset is an *EnvError.
func (p *Planner) Calls(items []Item) ([]Call, error) {
	if len(items) == 0 {
		return nil, nil
	}
	if err := p.CheckEnv(); err != nil {
		return nil, err
	}
	return p.calls(items)
}

func (p *Planner) calls(items []Item) ([]Call, error) {
	if !p.d.Batching.Enabled {
		calls := make([]Call, 0, len(items))
		for _, it := range items {
			c, err := p.call(it.Path, []Item{it}, false)
			if err != nil {
				return nil, err
			}
			calls = append(calls, c)
		}
		return calls, nil
	}
	var order []string
	byURL := map[string][]Item{}
	for _, it := range items {
		if _, seen := byURL[it.Path]; !seen {
			order = append(order, it.Path)
		}
		byURL[it.Path] = append(byURL[it.Path], it)
	}
	calls := make([]Call, 0, len(order))
	for _, u := range order {
		cs, err := p.sizedCalls(u, byURL[u])
		if err != nil {
			return nil, err
		}
		calls = append(calls, cs...)
	}
	return calls, nil
}

func (p *Planner) call(path string, items []Item, batch bool) (Call, error) {
	c := Call{Method: p.r.method, Path: strings.TrimPrefix(path, apiPrefix), URL: path, env: p.env}
	if p.r.absolute != nil {
		c.Path = strings.TrimPrefix(strings.TrimPrefix(path, p.r.absolute.Scheme+"://"+p.r.absolute.Host), apiPrefix)
	} else if p.hasHost {
		c.URL = p.host.String() + path
	}
	for _, it := range items {
		c.Records = append(c.Records, it.Ref)
		for _, pr := range it.Problems {
			if len(items) > 1 {
				pr = fmt.Sprintf("record %d: %s", it.Ref.Pos, pr)
			}
			c.Problems = append(c.Problems, pr)
		}
		for _, w := range it.Warnings {
			if len(items) > 1 {
				w = fmt.Sprintf("record %d: %s", it.Ref.Pos, w)
			}
			c.Warnings = append(c.Warnings, w)
		}
	}
	hasBody := p.r.method != "DELETE"
	c.Header = p.r.baseHeader(p.apiVersion, hasBody)
	if !hasBody {
		return c, nil
	}
	var payload any = items[0].Data
	if batch {
		list := make([]any, len(items))
		for i, it := range items {
			list[i] = it.Data
		}
		payload = list
	}
	if p.r.wrap {
		payload = map[string]any{"data": payload}
	}
	var err error
	if p.r.format == FormatForm {
		c.Body = []byte(encodeForm(payload))
	} else if c.Body, err = marshalBody(payload); err != nil {
		return Call{}, fmt.Errorf("encoding the body of records %v: %w", c.Records, err)
	}
	if !batch { // a batch is cut to size by sizedCalls
		if err := p.checkSize(len(c.Body)); err != nil {
			return Call{}, err
		}
	}
	return c, nil
}

// Build prepares recs and turns them into calls to send, batching them all
// together when batching is on (activation groups with a Grouper instead).
// A record whose body the catalogue rejects becomes a failure, not a call;
// so does every record when a header variable is unset (CheckEnv).
func (p *Planner) Build(recs []nexset.Record) ([]Call, []RecordFailure) {
	return p.build(recs, true)
}

// build makes the calls of recs to send: header variables must be set.
func (p *Planner) build(recs []nexset.Record, strict bool) ([]Call, []RecordFailure) {
	if err := errors.Join(p.CheckEnv(), p.lookupsReady()); err != nil {
		fails := make([]RecordFailure, len(recs))
		for i, rec := range recs {
			fails[i] = RecordFailure{File: p.nexsetName, Pos: rec.Pos, Line: rec.Line, Reason: err.Error()}
		}
		return nil, fails
	}
	return p.assemble(recs, strict)
}

// assemble makes the calls of recs as shown (samples, Validate): header
// variables stay references and need not be set.
func (p *Planner) assemble(recs []nexset.Record, strict bool) ([]Call, []RecordFailure) {
	var items []Item
	var fails []RecordFailure
	for _, rec := range recs {
		it, f := p.Prepare(rec)
		if f != nil {
			fails = append(fails, *f)
			continue
		}
		if strict && len(it.Problems) > 0 {
			fails = append(fails, p.Reject(it))
			continue
		}
		items = append(items, it)
	}
	g, err := NewGrouper(p.d.Batching)
	if err != nil { // checkConfig has already refused bad batching settings
		g = &inOrder{size: 1}
	}
	var batches [][]Item
	for _, it := range items {
		batches = append(batches, g.Add(it, time.Time{})...)
	}
	batches = append(batches, g.Flush()...)
	var calls []Call
	for _, b := range batches {
		cs, err := p.calls(b)
		if err != nil {
			for _, it := range b {
				fails = append(fails, RecordFailure{File: p.nexsetName, Pos: it.Ref.Pos, Line: it.Ref.Line, Key: it.Ref.Key, Reason: err.Error()})
			}
			continue
		}
		calls = append(calls, cs...)
	}
	return calls, fails
}

// Reject turns an item whose body the catalogue rejects into a failure.
func (p *Planner) Reject(it Item) RecordFailure {
	return RecordFailure{File: p.nexsetName, Pos: it.Ref.Pos, Line: it.Ref.Line, Key: it.Ref.Key,
		Reason: "Clio would refuse it: " + strings.Join(it.Problems, "; ")}
}

// undocumentedWarning names the attributes an operation does not document
// in one warning, so a record with three extra columns reads as one line
// ("3 attributes "Create a new Note" does not document: data.call_id, …").
func undocumentedWarning(op *clio.Operation, ps []clio.Problem) []string {
	switch len(ps) {
	case 0:
		return nil
	case 1:
		return []string{ps[0].Message}
	}
	paths := make([]string, len(ps))
	for i, p := range ps {
		paths[i] = p.Path
	}
	return []string{fmt.Sprintf("%d attributes %q does not document: %s", len(ps), op.Summary, strings.Join(paths, ", "))}
}
