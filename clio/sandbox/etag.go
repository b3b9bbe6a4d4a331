package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Etags as Clio has them: every object carries one ("etag", a quoted string
// that changes on every write, store.go's touch); a PATCH or DELETE with
// IF-MATCH is refused with 412 when the object changed since that etag was
// read. EditInClio is the change a firm's staff make in Clio's own screens,
// behind a client's back, which tests and rehearsals use to meet a 412.

// preconditionFailed is Clio's 412 for a stale IF-MATCH, or nil when the
// request carries none or the current one.
func preconditionFailed(r *http.Request, o *object) *reply {
	want := r.Header.Get("IF-MATCH")
	if want == "" || etagMatches(want, o.etag()) {
		return nil
	}
	return apiError(http.StatusPreconditionFailed, "PreconditionFailed",
		"IF-MATCH "+want+" does not match the current etag "+o.etag()+": the record changed since it was read")
}

// etagMatches compares entity tags, tolerating weak markers and missing quotes.
func etagMatches(header, etag string) bool {
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		s = strings.TrimPrefix(s, "W/")
		return strings.Trim(s, `"`)
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for cand := range strings.SplitSeq(header, ",") {
		if norm(cand) == norm(etag) {
			return true
		}
	}
	return false
}

// EditInClio changes the object kind/id as a person would in Clio's own
// screens: the attributes given replace the object's (values as JSON would
// have them: strings, numbers, {"id": N} links), and its etag changes, so
// a client's IF-MATCH of before is refused with 412. It returns the new etag.
func (s *Server) EditInClio(kind string, id int64, attrs map[string]any) (string, error) {
	raw, err := json.Marshal(attrs)
	if err != nil {
		return "", fmt.Errorf("sandbox: the edit of %s %d: %w", kind, id, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // the store holds numbers as json.Number, as a request's body does
	var data map[string]any
	if err := dec.Decode(&data); err != nil {
		return "", fmt.Errorf("sandbox: the edit of %s %d: %w", kind, id, err)
	}
	for _, k := range readOnlyAttrs {
		delete(data, k)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.get(kind, id)
	if !ok {
		return "", fmt.Errorf("sandbox: no %s %d to edit", kind, id)
	}
	for k, v := range data {
		o.attrs[k] = v
	}
	o.touch(s.cfg.Now())
	return o.etag(), nil
}

// ETag is the current etag of the object kind/id, "" when there is none.
func (s *Server) ETag(kind string, id int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.st.get(kind, id); ok {
		return o.etag()
	}
	return ""
}
