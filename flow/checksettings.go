package flow

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/sync"
)

var (
	apiVersionRe = regexp.MustCompile(`^4\.0\.[0-9]{1,3}$`)
	credNameRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$`)
	idRe         = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

// checkConfig finds every problem in the destination's own settings (no
// records needed). Fields are the file's dotted names; mapping entries are
// numbered from 1 (mapping[1] is the first).
func checkConfig(d *Destination) Problems {
	var ps Problems
	bad := func(field, format string, a ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, a...)})
	}
	warn := func(field, format string, a ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, a...), Warning: true})
	}
	if d.Version != FileVersion {
		if d.Version == 0 {
			bad("version", "missing: write version: %d", FileVersion)
		} else {
			bad("version", "%d is not a version this cliodest reads (it reads %d)", d.Version, FileVersion)
		}
	}
	if d.ID == "" {
		bad("id", "missing: an ID keys the destination's ledger (letters, digits, - and _; cliodest new makes one)")
	} else if !idRe.MatchString(d.ID) {
		bad("id", "%q is not an ID (letters, digits, - and _; cliodest new makes one)", d.ID)
	}
	if strings.TrimSpace(d.Name) == "" {
		bad("name", "missing: give the destination a name")
	}
	if d.Status == "" {
		bad("status", "missing: write status: paused (activate sets it active)")
	} else if d.Status != StatusPaused && d.Status != StatusActive {
		bad("status", "%q is not paused or active", d.Status)
	}
	if strings.TrimSpace(d.Nexset.Path) == "" {
		bad("nexset.path", "missing: the Nexset file to send")
	}
	switch d.Nexset.Format {
	case "", "jsonl", "json", "csv", "xlsx":
	default:
		bad("nexset.format", "%q is not jsonl, json, csv or xlsx (or leave it out to detect)", d.Nexset.Format)
	}
	if d.Nexset.HeaderRow < 0 {
		bad("nexset.header_row", "%d is not a row number: rows count from 1 (or leave it out to find the header)", d.Nexset.HeaderRow)
	}
	f := d.nexsetFormat()
	if d.Nexset.HeaderRow > 0 && (f == nexset.JSON || f == nexset.JSONL) {
		warn("nexset.header_row", "applies to workbooks and delimited text only: %s is JSON and has no header", d.Nexset.Path)
	}
	if d.Nexset.Sheet != "" && f != nexset.XLSX { // a text file has no sheets
		warn("nexset.sheet", "applies to workbooks only: %s has no sheets", d.Nexset.Path)
	}
	if _, err := nexset.ParseDelimiter(d.Nexset.Delimiter); err != nil {
		bad("nexset.delimiter", "%v, or leave it out to detect", err)
	}
	if _, err := nexset.ParseEncoding(d.Nexset.Encoding); err != nil {
		bad("nexset.encoding", "%v, or leave it out to detect", err)
	}
	if rp := d.Nexset.RecordsPath; rp != "" && slices.Contains(strings.Split(rp, "."), "") {
		bad("nexset.records_path", "%q is not a dot path like data or response.items", rp)
	}
	switch d.Nexset.Decimal {
	case "", DecimalComma, DecimalPoint:
	default:
		bad("nexset.decimal", "%q is not comma or point (or leave it out: unambiguous values are read as written, others warn)", d.Nexset.Decimal)
	}
	if d.Currency != "" && !slices.Contains(Currencies, d.Currency) {
		bad("currency", "%q is not one of %s", d.Currency, strings.Join(Currencies, ", "))
	}
	if k := d.Nexset.Key; k != "" {
		if !validSource(k) {
			bad("nexset.key", "%q is not an attribute path like entry_id", k)
		} else if Excluded(d.Exclude, k) {
			bad("nexset.key", "%s is excluded, so it cannot identify records (the key is kept in the ledger and webhook)", k)
		}
	}
	switch c := d.Credential; {
	case c == "":
		warn("credential", "none named: test and activate send as the token in CLIODEST_TOKEN when it is set, else as the only credential saved (save one with cliodest login and name it in credential: to be sure which)")
	case looksLikeToken(c):
		bad("credential", "looks like a token; a destination names a saved credential (cliodest login), never holds a secret")
	case !credNameRe.MatchString(c):
		bad("credential", "%q is not a credential name (letters, digits, space . _ @ -; at most 64)", c)
	}
	var base *clio.Host
	if strings.TrimSpace(d.BaseURL) != "" {
		if h, err := clio.ParseBaseURL(d.BaseURL); err != nil {
			bad("base_url", "%v", err)
		} else {
			base = &h
		}
	}
	if d.APIVersion == "" {
		bad("api_version", "missing: pin it (write api_version: %s) so units cannot change under a saved destination", clio.DefaultAPIVersion)
	} else if !apiVersionRe.MatchString(d.APIVersion) {
		bad("api_version", "%q is not a Clio API version like %s", d.APIVersion, clio.DefaultAPIVersion)
	}

	ps = append(ps, checkTimezone(d)...)
	r, eps := resolveEndpoint(d)
	ps = append(ps, eps...)
	ps = append(ps, checkOnChange(d, r)...)
	ps = append(ps, checkFindBy(d, r)...)
	ps = append(ps, checkOnConflict(d)...)
	ps = append(ps, checkOnRemove(d, r)...)
	if base != nil {
		if p := hostProblem(r, *base); p != nil {
			ps = append(ps, *p)
		}
	}
	for i, x := range d.Exclude {
		if !validSource(x) {
			bad(fmt.Sprintf("exclude[%d]", i+1), "%q is not an attribute path like internal_notes or matter.id", x)
		}
	}
	ps = append(ps, checkURLExcluded(d, r)...)
	ps = append(ps, checkMapping(d, r)...)
	ps = append(ps, checkCustomFields(d, r)...)
	ps = append(ps, checkBatching(d, r)...)
	ps = append(ps, checkWebhook(d)...)
	ps = append(ps, checkMaxRequestBytes(d)...)
	return ps
}

func checkMapping(d *Destination, r *resolved) Problems {
	var ps Problems
	var data *clio.Attr
	if r != nil && r.op != nil {
		data = r.op.Data
	}
	seen := map[string]int{}
	targets := make([]string, len(d.Mapping))
	for i, m := range d.Mapping {
		targets[i] = m.Target
	}
	gaps := indexGaps(targets)
	for i, m := range d.Mapping {
		f := fmt.Sprintf("mapping[%d]", i+1)
		bad := func(sub, format string, a ...any) {
			ps = append(ps, Problem{Field: f + sub, Message: fmt.Sprintf(format, a...)})
		}
		if !validPath(m.Target) {
			bad(".target", "%q is not an attribute path like matter.id", m.Target)
			continue
		}
		if _, _, err := ParseItemTarget(m.Target); err != nil {
			bad(".target", "%v", err)
			continue
		}
		if msg, gap := gaps[i]; gap {
			bad(".target", "%s", msg)
		}
		if j, dup := seen[m.Target]; dup {
			bad(".target", "%s is already mapped by mapping[%d]", m.Target, j)
		}
		seen[m.Target] = i + 1
		switch {
		case m.Const && m.Source != "":
			bad("", "give source or value, not both")
		case !m.Const && m.Source == "":
			bad("", "%s needs a source (a Nexset attribute) or a value (a constant)", m.Target)
		case !m.Const && !validSource(m.Source):
			bad(".source", "%q is not an attribute path", m.Source)
		}
		if err := checkConversion(m.Convert); err != nil {
			bad(".convert", "%v", err)
		} else if msg := checkLookup(m); msg != "" {
			bad(".convert", "%s", msg)
		} else if m.Const && m.Convert != "" {
			if _, err := Convert(m.Convert, m.Value); err != nil && err != errBlank {
				bad(".value", "%v", err)
			}
		}
		if Excluded(d.Exclude, m.Target) {
			ps = append(ps, Problem{Field: f + ".target", Warning: true, Message: fmt.Sprintf("%s is excluded, so this mapping is never sent", m.Target)})
		}
		if !m.Const && Excluded(d.Exclude, m.Source) {
			ps = append(ps, Problem{Field: f + ".source", Warning: true,
				Message: fmt.Sprintf("%s is excluded, but it is mapped to %s: %s will not be sent", m.Source, m.Target, m.Target)})
		}
		if data != nil {
			if a := data.At(m.Target); a == nil {
				msg := fmt.Sprintf("%s %s has no attribute %s", r.method, r.op.Path, m.Target)
				ps = append(ps, Problem{Field: f + ".target", Message: msg, Warning: r.template == nil})
			} else if IsValues(m.Convert) {
				for _, msg := range checkValuesTargets(m.Convert, a, m.Target) {
					bad(".values", "%s", msg)
				}
			} else if a.Type == "object" && len(a.Props) > 0 && m.Const {
				if _, ok := m.Value.(map[string]any); !ok && m.Value != nil {
					bad(".target", "%s is an object; map its attributes instead (e.g. %s.id)", m.Target, m.Target)
				}
			}
		}
	}
	return ps
}

func checkBatching(d *Destination, r *resolved) Problems {
	var ps Problems
	b := d.Batching
	bad := func(field, format string, a ...any) {
		ps = append(ps, Problem{Field: "batching." + field, Message: fmt.Sprintf(format, a...)})
	}
	if b.Size != 0 && (b.Size < 1 || b.Size > MaxBatchSize) {
		bad("size", "%d is outside 1–%d", b.Size, MaxBatchSize)
	}
	switch b.Grouping {
	case "", GroupInOrder:
	case GroupByAttribute:
		if b.Enabled && strings.TrimSpace(b.GroupBy) == "" {
			bad("group_by", "grouping by_attribute needs group_by, e.g. matter.id")
		}
	case GroupTimeWindow:
		if b.Enabled {
			if _, err := parseWindow(b.Window); err != nil {
				bad("window", "%v", err)
			}
		}
	default:
		bad("grouping", "%q is not one of %s", b.Grouping, strings.Join(Groupings(), ", "))
	}
	if b.GroupBy != "" && !validSource(b.GroupBy) {
		bad("group_by", "%q is not an attribute path like matter.id", b.GroupBy)
	}
	if b.Enabled && d.IsTemplate() {
		bad("enabled", "Clio's v4 endpoints take one object per call, so a template cannot batch; batching serves Advanced endpoints that accept arrays")
		return ps
	}
	if !b.Enabled || r == nil {
		return ps
	}
	if r.format == FormatForm && !r.wrap {
		bad("enabled", "a batched form body needs the data wrapper (wrap: true)")
	}
	if r.method == "DELETE" {
		bad("enabled", "DELETE sends no body, so there is nothing to batch")
	}
	if r.op != nil {
		ps = append(ps, oneObjectProblem(r.method+" "+d.Endpoint.URL, b.Anyway))
	}
	return ps
}

// OneObjectField is the field of the problem that says Clio's description
// takes one object per call on the endpoint, so every batch would be refused.
const OneObjectField = "batching.anyway"

// oneObjectProblem refuses batching on a path Clio's description says takes
// one object per call, unless forced with batching.anyway; forced, it stays
// a warning.
func oneObjectProblem(where string, anyway bool) Problem {
	if anyway {
		return Problem{Field: OneObjectField, Warning: true, Message: fmt.Sprintf("batching forced on %s, which Clio's published API says takes one object per call: only a Clio-compatible proxy that accepts arrays will take these batches", where)}
	}
	return Problem{Field: OneObjectField, Message: fmt.Sprintf("Clio's published API takes one object per call on %s, so Clio refuses every batch there (data must be one JSON object); turn batching off, or force it (batching.anyway: true, cliodest new --batching-anyway) only for a Clio-compatible proxy that accepts arrays", where)}
}

func checkWebhook(d *Destination) Problems {
	var ps Problems
	w := d.ResponseWebhook
	if w.URL != "" {
		if err := checkWebhookURL(w.URL); err != nil {
			ps = append(ps, Problem{Field: "response_webhook.url", Message: err.Error()})
		}
	}
	if w.Enabled && w.URL == "" && strings.TrimSpace(w.File) == "" {
		ps = append(ps, Problem{Field: "response_webhook", Message: "enabled, but neither url nor file is set"})
	}
	if w.File != "" && (strings.TrimSpace(w.File) == "" || strings.ContainsRune(w.File, 0)) {
		ps = append(ps, Problem{Field: "response_webhook.file", Message: fmt.Sprintf("%q is not a file path", w.File)})
	}
	return ps
}

func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", stripQuery(raw))
	}
	if u.User != nil {
		return fmt.Errorf("%q carries a password: it would be written in clear in the destination file", u.Redacted())
	}
	if u.Scheme == "http" && !clio.IsLoopback(u.Hostname()) {
		return fmt.Errorf("%q uses plain http to a non-loopback host: Clio's answers name a firm's records, so they travel over plain HTTP only to loopback (127.0.0.1, ::1, localhost); use https", stripQuery(raw))
	}
	for name, vals := range u.Query() {
		if secretQueryName(name) || slices.ContainsFunc(vals, looksLikeToken) {
			return fmt.Errorf("%q has a secret-looking query parameter %q: it would be written in clear in the destination file; let the webhook authenticate another way (a loopback relay, or a secret path agreed with it)", stripQuery(raw), name)
		}
	}
	return nil
}

// secretQueryName is a query parameter name that usually carries a secret.
func secretQueryName(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"token", "secret", "password", "passwd", "key", "auth", "sig", "signature", "credential", "code"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// looksLikeToken tells a pasted secret from a credential name: a long run
// without separators, a JWT, or a long mix of digits and both cases (Clio's
// and the sandbox's tokens, which may contain '-'). A name like
// "firm-production" or "Jane Doe (US)" is not one.
func looksLikeToken(c string) bool {
	if strings.ContainsAny(c, " \t") {
		return false
	}
	if len(c) >= 32 && !strings.ContainsAny(c, "._@-") {
		return true
	}
	if strings.HasPrefix(c, "eyJ") && strings.Contains(c, ".") && len(c) >= 20 {
		return true
	}
	var upper, lower, digit int
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= 'a' && r <= 'z':
			lower++
		case r >= '0' && r <= '9':
			digit++
		}
	}
	return len(c) >= 24 && upper >= 3 && lower >= 3 && digit >= 3
}

// checkURLExcluded refuses an excluded attribute that the URL needs: excluding
// removes it from the record before the URL is built, so every record would
// fail as if it lacked the attribute. An attribute used in the URL is already
// kept out of the body, so excluding it is never needed.
func checkURLExcluded(d *Destination, r *resolved) Problems {
	if r == nil || r.url == nil {
		return nil
	}
	field, where := "endpoint.url", "the URL"
	if d.IsTemplate() {
		field, where = "endpoint.id", "the object's ID"
	}
	var ps Problems
	for _, a := range r.url.Attrs() {
		if Excluded(d.Exclude, a) {
			ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(
				"%s is excluded, but %s is read from it: take %s out of the excluded attributes (an attribute used in the URL is never sent in the body, so it need not be excluded)",
				a, where, a)})
		}
	}
	return ps
}

// checkTimezone refuses a zone Go's database does not know and warns when a
// mapping reads dates or times but no zone says where the firm is.
func checkTimezone(d *Destination) Problems {
	if d.Timezone != "" {
		if strings.EqualFold(d.Timezone, "local") {
			return Problems{{Field: "timezone", Message: "Local is this machine's zone, not the firm's: name it, e.g. America/Vancouver"}}
		}
		if _, err := time.LoadLocation(d.Timezone); err != nil {
			return Problems{{Field: "timezone", Message: fmt.Sprintf("%q is not a time zone: use an IANA name like America/Vancouver or Europe/London", d.Timezone)}}
		}
		return nil
	}
	for _, m := range d.Mapping {
		if base, _, _ := strings.Cut(m.Convert, ":"); base == "datetime" {
			return Problems{{Field: "timezone", Warning: true, Message: fmt.Sprintf(
				"not set: dates and times without an offset are read as UTC; a plain date becomes midnight UTC, the evening before in the Americas. Set timezone: %s",
				zoneHint())}}
		}
	}
	return nil
}

// checkOnChange refuses an on_change that is not one, and update where the
// endpoint's collection has no update in Clio.
func checkOnChange(d *Destination, r *resolved) Problems {
	oc, err := sync.ParseOnChange(d.OnChange)
	if err != nil {
		return Problems{{Field: "on_change", Message: err.Error()}}
	}
	if oc == sync.Update && r != nil && (&Planner{d: d, r: r}).updateOp() == nil {
		return Problems{{Field: "on_change", Message: "update: the endpoint does not create objects in a collection Clio can update (PATCH /{collection}/{id}.json); use skip or create"}}
	}
	return nil
}

// ChangeRule is the on_change a run uses (flow/sync.Resolve).
func (p *Planner) ChangeRule() sync.OnChange {
	oc, _ := sync.ParseOnChange(p.d.OnChange)
	return sync.Resolve(oc, p.CanUpdate())
}

// nexsetFormat is the Nexset's format as the destination gives it, else as
// its name says; "" when only its content can tell.
func (d *Destination) nexsetFormat() nexset.Format {
	if d.Nexset.Format != "" {
		return d.Nexset.Format
	}
	return nexset.FormatByName(d.Nexset.Path)
}
