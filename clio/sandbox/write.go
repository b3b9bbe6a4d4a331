package sandbox

import (
	"net/http"
	"slices"
)

// readOnlyAttrs are computed by Clio; a client cannot set them.
var readOnlyAttrs = []string{"id", "etag", "created_at", "updated_at"}

// prepareWrite drops what a client cannot set and normalises an activity,
// the same for a create and an update.
func prepareWrite(c *apiCall, data map[string]any) {
	for _, k := range readOnlyAttrs {
		delete(data, k)
	}
	if c.kind == "activities" {
		prepareActivity(c, data)
	}
}

// create stores a new record after Clio's link rules and answers 201.
func (s *Server) create(c *apiCall, data map[string]any) *reply {
	prepareWrite(c, data)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkLinks(c.kind, data); err != nil {
		return apiError(http.StatusUnprocessableEntity, "UnprocessableEntity", err.Error())
	}
	mergeCustomFieldValues(nil, data)
	o := s.st.put(c.kind, 0, data, s.cfg.Now())
	o.made = s.cfg.Now()
	s.finish(c, o, data, true)
	rep := s.renderData(c, o, http.StatusCreated)
	rep.createdID = o.id
	return rep
}

// update merges data into the record (only the attributes sent change),
// honouring IF-MATCH, and answers 200.
func (s *Server) update(c *apiCall, data map[string]any) *reply {
	prepareWrite(c, data)
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.get(c.kind, c.id)
	if !ok {
		return notFound(c)
	}
	if rep := preconditionFailed(c.r, o); rep != nil {
		return rep
	}
	if err := checkValueIDs(c.kind, o.attrs["custom_field_values"], data); err != nil {
		return apiError(http.StatusUnprocessableEntity, "UnprocessableEntity", err.Error())
	}
	if err := s.checkLinks(c.kind, data); err != nil {
		return apiError(http.StatusUnprocessableEntity, "UnprocessableEntity", err.Error())
	}
	if c.kind == "activities" && slices.Contains(s.cfg.Billed, c.id) {
		return apiError(http.StatusUnprocessableEntity, "UnprocessableEntity", "Activity cannot be modified because it has been billed")
	}
	mergeCustomFieldValues(o.attrs["custom_field_values"], data)
	for k, v := range data {
		o.attrs[k] = v
	}
	o.touch(s.cfg.Now())
	s.finish(c, o, data, false)
	return s.renderData(c, o, http.StatusOK)
}

func (s *Server) finish(c *apiCall, o *object, data map[string]any, created bool) {
	switch c.kind {
	case "activities":
		s.finishActivity(c, o, data, created)
	case "tasks":
		s.finishTask(c, o, created)
	case "contacts":
		finishContact(o, data)
	case "matters":
		s.finishMatter(o, created)
	}
}
