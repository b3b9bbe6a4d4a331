package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/clio"
)

// apiCall is one authenticated, routed /api/v4 request.
type apiCall struct {
	r      *http.Request
	body   []byte
	userID int64 // the token's user
	minor  int   // X-API-VERSION minor
	kind   string
	id     int64 // 0 for a collection
	fields []fieldSel
}

// hours reports whether this call speaks activity quantities in hours (API ≤ 4.0.3).
func (c *apiCall) hours() bool { return c.minor < secondsMinor }

// serveAPI authenticates, counts the request against the rate limit, checks the
// version and dispatches; every answer after authentication carries the rate-limit headers.
func (s *Server) serveAPI(r *http.Request, body []byte) *reply {
	tok := bearer(r)
	s.mu.Lock()
	at, fail := s.authenticateLocked(tok)
	var rate rateState
	if fail == nil {
		rate = s.takeLocked(tok, s.cfg.Now())
	}
	s.mu.Unlock()
	if fail != nil {
		return fail
	}
	var rep *reply
	if !rate.allowed {
		rep = rate.refusal()
	} else {
		rep = s.dispatch(r, body, at.grant.userID)
	}
	rate.apply(rep)
	return rep
}

func (s *Server) dispatch(r *http.Request, body []byte, userID int64) *reply {
	minor, ok := parseVersion(r.Header.Get("X-API-VERSION"))
	if !ok {
		return apiError(http.StatusGone, "Gone", "API version "+strconv.Quote(r.Header.Get("X-API-VERSION"))+
			" is unknown or retired; use 4.0.0 to "+NewestVersion)
	}
	c := &apiCall{r: r, body: body, userID: userID, minor: minor}
	rep := s.route(c)
	rep.setHeader("X-API-VERSION", "4.0."+strconv.Itoa(minor))
	return rep
}

// route splits /api/v4/{kind}.json and /api/v4/{kind}/{id}.json; other shapes
// the catalogue lists are answered as not served by the sandbox.
func (s *Server) route(c *apiCall) *reply {
	path := c.r.URL.Path
	op, fail := catalogueOp(c.r.Method, path)
	if fail != nil {
		return fail
	}
	rest := strings.TrimSuffix(strings.TrimPrefix(path, "/api/v4/"), ".json")
	if rest == "users/who_am_i" {
		c.kind, c.id = "users", c.userID
		return s.withFields(c, s.getOne)
	}
	kind, idText, nested := strings.Cut(rest, "/")
	c.kind = kind
	if slices.Contains(s.cfg.Forbidden, kind) {
		return apiError(http.StatusForbidden, "ForbiddenError", "The application does not have the scope to access "+kind)
	}
	if nested {
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			return apiError(http.StatusNotFound, "NotFound", "the sandbox does not serve "+c.r.Method+" "+path)
		}
		c.id = id
	}
	switch {
	case c.r.Method == http.MethodGet && c.id == 0:
		return s.withFields(c, s.list)
	case c.r.Method == http.MethodGet:
		return s.withFields(c, s.getOne)
	case c.r.Method == http.MethodPost && c.id == 0:
		return s.withData(c, op, s.create)
	case c.r.Method == http.MethodPatch && c.id != 0:
		return s.withData(c, op, s.update)
	case c.r.Method == http.MethodDelete && c.id != 0:
		return s.remove(c)
	}
	return apiError(http.StatusNotFound, "NotFound", "the sandbox does not serve "+c.r.Method+" "+path)
}

func (s *Server) withFields(c *apiCall, h func(*apiCall) *reply) *reply {
	sel, err := parseFields(c.kind, c.r.URL.Query().Get("fields"))
	if err != nil {
		return apiError(http.StatusBadRequest, "BadRequest", err.Error())
	}
	c.fields = sel
	return h(c)
}

// withData checks the envelope and the catalogue's rules, then hands over the decoded data.
func (s *Server) withData(c *apiCall, op *clio.Operation, h func(*apiCall, map[string]any) *reply) *reply {
	sel, err := parseFields(c.kind, c.r.URL.Query().Get("fields"))
	if err != nil {
		return apiError(http.StatusBadRequest, "BadRequest", err.Error())
	}
	c.fields = sel
	data, fail := decodeData(c.body)
	if fail != nil {
		return fail
	}
	if fail := validateBody(op, c.body); fail != nil {
		return fail
	}
	return h(c, data)
}

// renderData wraps one record as {"data":{...}}.
func (s *Server) renderData(c *apiCall, o *object, status int) *reply {
	var b bytes.Buffer
	b.WriteString(`{"data":`)
	s.render(&b, c.kind, o, c.fields, c.hours())
	b.WriteByte('}')
	return jsonReply(status, b.Bytes())
}

func (s *Server) getOne(c *apiCall) *reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.get(c.kind, c.id)
	if !ok {
		return notFound(c)
	}
	return s.renderData(c, o, http.StatusOK)
}

func notFound(c *apiCall) *reply {
	name := kindNames[c.kind]
	if name == "" {
		name = "Record"
	}
	return apiError(http.StatusNotFound, "NotFound", name+" "+strconv.FormatInt(c.id, 10)+" could not be found")
}

func (s *Server) remove(c *apiCall) *reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.get(c.kind, c.id)
	if !ok {
		return notFound(c)
	}
	if rep := preconditionFailed(c.r, o); rep != nil {
		return rep
	}
	s.st.remove(c.kind, c.id)
	return &reply{status: http.StatusNoContent}
}

// decodeData reads {"data":{...}} keeping numbers exact.
func decodeData(body []byte) (map[string]any, *reply) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var env map[string]any
	if err := dec.Decode(&env); err != nil {
		return nil, apiError(http.StatusBadRequest, "BadRequest", "the request body is not a JSON object: "+err.Error())
	}
	raw, ok := env["data"]
	if !ok || raw == nil {
		return nil, apiError(http.StatusBadRequest, "BadRequest", `param is missing or the value is empty: data (the body must be {"data": {...}})`)
	}
	data, ok := raw.(map[string]any)
	if !ok {
		return nil, apiError(http.StatusBadRequest, "BadRequest", "data must be a JSON object; Clio takes one record per request")
	}
	return data, nil
}
