package sandbox

// seedWork stores Seed.Activities and Seed.Tasks, letting the same code that
// finishes a create compute what Clio computes (prices, totals, defaults,
// completed_at), so seeded records look exactly like created ones. Their
// created_at and updated_at are the day the work was recorded rather than the
// server's start: they are older than anything a client creates.
func (s *Server) seedWork() {
	for _, a := range Seed.Activities {
		attrs := map[string]any{
			"type": a.Type, "date": a.Date, "note": a.Note,
			"matter": map[string]any{"id": a.Matter},
			"user":   map[string]any{"id": a.User},
		}
		if a.Type == "TimeEntry" {
			attrs["quantity"] = a.Quantity * 3600
			attrs["activity_description"] = map[string]any{"id": a.Category}
		} else {
			attrs["quantity"] = a.Quantity
			attrs["price"] = a.Price
			attrs["expense_category"] = map[string]any{"id": a.Category}
		}
		o := s.seedRecord("activities", a.ID, attrs, a.Date+"T17:30:00Z")
		// The attributes double as the "sent" ones: a time entry without a price is priced.
		s.finishActivity(&apiCall{userID: a.User}, o, attrs, true)
	}
	for _, t := range Seed.Tasks {
		attrs := map[string]any{
			"name": t.Name, "description": t.Description,
			"status": t.Status, "priority": t.Priority, "due_at": t.Due,
			"statute_of_limitations": t.Statute,
			"matter":                 map[string]any{"id": t.Matter},
			"assignee":               map[string]any{"id": t.Assignee, "type": "User"},
			"task_type":              map[string]any{"id": t.TaskType},
		}
		o := s.seedRecord("tasks", t.ID, attrs, t.Assigned+"T14:00:00Z")
		s.finishTask(&apiCall{userID: s.responsibleFor(t.Matter)}, o, true)
	}
}

// seedRecord stores one record with its own timestamps; the etag stays the one
// put computed, which is all a client compares.
func (s *Server) seedRecord(kind string, id int64, attrs map[string]any, at string) *object {
	o := s.st.put(kind, id, attrs, s.cfg.Now())
	attrs["created_at"], attrs["updated_at"] = at, at
	return o
}

// responsibleFor is the responsible attorney of a seeded matter, who assigns its tasks.
func (s *Server) responsibleFor(matter int64) int64 {
	for _, m := range Seed.Matters {
		if m.ID == matter {
			return m.Responsible
		}
	}
	return UserJane
}
