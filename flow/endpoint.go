package flow

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/clio"
)

// Methods an Advanced endpoint may use.
var AdvancedMethods = []string{"POST", "PATCH", "PUT", "DELETE"}

// Content formats an Advanced endpoint may use.
const (
	FormatJSON = "json" // application/json
	FormatForm = "form" // application/x-www-form-urlencoded, Rails-style keys: data[matter][id]=1
)

// ContentFormats lists the content formats in picker order.
func ContentFormats() []string { return []string{FormatJSON, FormatForm} }

const apiPrefix = "/api/v4"

// resolved is an endpoint checked and ready to expand per record.
type resolved struct {
	method   string
	url      *URLTemplate // path (with /api/v4 prefix) or absolute URL, with macros
	absolute *url.URL     // set when the user wrote an absolute URL
	op       *clio.Operation
	template *Template
	idAttr   string // update templates: record attribute holding the ID
	format   string
	wrap     bool
	headers  []Header
}

var idLiteral = regexp.MustCompile(`^[1-9][0-9]{0,18}$`)

// resolveEndpoint checks the endpoint part of d. Problems carry the field
// they concern; warnings (unknown path) do not stop the endpoint from working.
func resolveEndpoint(d *Destination) (*resolved, []Problem) {
	e := d.Endpoint
	var probs []Problem
	bad := func(field, format string, a ...any) {
		probs = append(probs, Problem{Field: field, Message: fmt.Sprintf(format, a...)})
	}
	if e.Template != "" {
		t, err := LookupTemplate(e.Template)
		if err != nil {
			bad("endpoint.template", "%v", err)
			return nil, probs
		}
		for _, f := range []struct{ name, v string }{{"method", e.Method}, {"url", e.URL}, {"content_format", e.ContentFormat}, {"headers", e.Headers}} {
			if f.v != "" {
				bad("endpoint."+f.name, "a template sets its own %s: leave it out, or drop template for an Advanced endpoint", f.name)
			}
		}
		if e.Wrap != nil && !*e.Wrap {
			bad("endpoint.wrap", "template bodies are always wrapped in {\"data\": …}")
		}
		op, err := t.Operation()
		if err != nil {
			bad("endpoint.template", "%v", err)
			return nil, probs
		}
		r := &resolved{method: t.Method, op: op, template: &t, format: FormatJSON, wrap: true}
		path := apiPrefix + t.Path
		if t.NeedsID {
			id := strings.TrimSpace(e.ID)
			switch {
			case id == "":
				bad("endpoint.id", "%s needs the ID of the object to update: a number (12345) or a record attribute ({record.%s_id})", t.Title, singular(strings.TrimSuffix(strings.TrimPrefix(t.Path, "/"), "/{id}.json")))
				return nil, probs
			case idLiteral.MatchString(id):
				path = strings.Replace(path, "{id}", id, 1)
			default:
				ut, err := ParseURLTemplate(id)
				if err != nil || len(ut.parts) != 1 || ut.parts[0].attr == "" {
					bad("endpoint.id", "%q is neither a positive whole number nor a single {record.ATTRIBUTE}", id)
					return nil, probs
				}
				r.idAttr = ut.parts[0].attr
				path = strings.Replace(path, "{id}", "{record."+r.idAttr+"}", 1)
			}
		} else if e.ID != "" {
			bad("endpoint.id", "%s takes no ID (only update templates do)", t.Title)
		}
		ut, err := ParseURLTemplate(path)
		if err != nil {
			bad("endpoint.id", "%v", err)
			return nil, probs
		}
		r.url = ut
		return r, probs
	}

	// Advanced endpoint.
	r := &resolved{wrap: e.Wraps()}
	if e.ID != "" {
		bad("endpoint.id", "only update templates take an ID; put {record.ATTRIBUTE} in the URL instead")
	}
	r.method = strings.ToUpper(strings.TrimSpace(e.Method))
	switch {
	case r.method == "":
		bad("endpoint", "choose a template (%s) or an Advanced method and url", strings.Join(TemplateNames(), ", "))
		return nil, probs
	case !slices.Contains(AdvancedMethods, r.method):
		bad("endpoint.method", "%q is not one of %s", e.Method, strings.Join(AdvancedMethods, ", "))
	}
	switch e.ContentFormat {
	case "", FormatJSON:
		r.format = FormatJSON
	case FormatForm:
		r.format = FormatForm
	default:
		bad("endpoint.content_format", "%q is not one of %s", e.ContentFormat, strings.Join(ContentFormats(), ", "))
	}
	hs, err := ParseHeaders(e.Headers)
	if err != nil {
		bad("endpoint.headers", "%v", err)
	}
	r.headers = hs
	for _, h := range hs {
		if strings.EqualFold(h.Name, "X-Api-Version") && d.APIVersion != "" && h.Value != d.APIVersion {
			bad("endpoint.headers", "X-API-VERSION %s contradicts api_version %s: keep one", h.Value, d.APIVersion)
		}
		if strings.EqualFold(h.Name, "Content-Type") {
			bad("endpoint.headers", "Content-Type comes from content_format; set content_format instead")
		}
	}
	u, abs, err := normaliseAdvancedURL(e.URL)
	if err != nil {
		bad("endpoint.url", "%v", err)
		return nil, probs
	}
	r.absolute = abs
	ut, err := ParseURLTemplate(u)
	if err != nil {
		bad("endpoint.url", "%v", err)
		return nil, probs
	}
	r.url = ut
	if r.method != "" {
		op, warn := catalogueOp(r.method, ut)
		r.op = op
		if warn != nil {
			warn.Field = "endpoint.url"
			probs = append(probs, *warn)
		}
	}
	return r, probs
}

// normaliseAdvancedURL accepts /api/v4/x.json, x.json, /x.json or an absolute
// http(s) URL whose path is under /api/v4, and checks the .json suffix.
func normaliseAdvancedURL(raw string) (string, *url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", nil, fmt.Errorf("empty: give a Clio v4 path such as /api/v4/notes.json")
	}
	if strings.ContainsAny(s, " \t\r\n#") {
		return "", nil, fmt.Errorf("%q has a space or a '#', which a Clio path never holds: write a space in a value as %%20, and leave out any #fragment", raw)
	}
	var abs *url.URL
	pathPart := s
	if strings.Contains(s, "://") {
		// Parse with macros neutralised; they may only appear in the path or query.
		probe := macroRe.ReplaceAllString(s, "1")
		u, err := url.Parse(probe)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return "", nil, fmt.Errorf("%q is not an absolute http(s) URL", raw)
		}
		if u.User != nil {
			return "", nil, fmt.Errorf("%q carries a user name or password: use a credential instead", raw)
		}
		abs = &url.URL{Scheme: u.Scheme, Host: u.Host}
		pathPart = s[strings.Index(s, "://")+3:]
		if i := strings.IndexByte(pathPart, '/'); i >= 0 {
			pathPart = pathPart[i:]
		} else {
			pathPart = "/"
		}
	}
	if !strings.HasPrefix(pathPart, apiPrefix+"/") {
		if abs != nil {
			return "", nil, fmt.Errorf("%q: the path must start with /api/v4/", raw)
		}
		if strings.HasPrefix(pathPart, "/api/") {
			return "", nil, fmt.Errorf("%q: only Clio API v4 paths (/api/v4/…) are supported", raw)
		}
		pathPart = apiPrefix + "/" + strings.TrimPrefix(pathPart, "/")
	}
	before, _, _ := strings.Cut(pathPart, "?")
	if !strings.HasSuffix(before, ".json") {
		return "", nil, fmt.Errorf("%q: Clio v4 paths end in .json (before any '?'), e.g. /api/v4/notes.json", raw)
	}
	if abs != nil {
		return abs.Scheme + "://" + abs.Host + pathPart, abs, nil
	}
	return pathPart, nil, nil
}

var macroRe = regexp.MustCompile(`\{[^{}]*\}`)

// catalogueOp finds the operation for a URL with macros. An unknown path or a
// method the path does not offer yields a problem; only the first is a warning.
func catalogueOp(method string, ut *URLTemplate) (*clio.Operation, *Problem) {
	probe := macroRe.ReplaceAllString(ut.String(), "1")
	if i := strings.Index(probe, apiPrefix+"/"); i >= 0 {
		probe = probe[i:]
	}
	probe, _, _ = strings.Cut(probe, "?")
	if op, _, ok := clio.Lookup(method, probe); ok {
		return op, nil
	}
	// Which catalogue path matches, whatever the method?
	for _, m := range []string{"GET", "POST", "PATCH", "PUT", "DELETE"} {
		if op, _, ok := clio.Lookup(m, probe); ok {
			return nil, &Problem{Message: fmt.Sprintf("Clio's API v4 has no %s on %s (it offers %s)", method, op.Path, strings.Join(clio.Methods(op.Path), ", "))}
		}
	}
	return nil, &Problem{Warning: true, Message: fmt.Sprintf("%s is not in Clio's published API v4; requests are sent unchecked", probe)}
}

// baseHeader builds the headers every call carries (Authorization is added by
// the client at send time, never here).
func (r *resolved) baseHeader(apiVersion string, hasBody bool) http.Header {
	h := http.Header{}
	h.Set("Accept", "application/json")
	if hasBody {
		if r.format == FormatForm {
			h.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			h.Set("Content-Type", "application/json")
		}
	}
	h.Set("X-API-VERSION", apiVersion)
	for _, x := range r.headers {
		h.Set(x.Name, x.Value)
	}
	return h
}
