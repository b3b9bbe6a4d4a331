package sandbox

import "time"

// seedInto loads Seed into the server's fresh store; the seeded records carry
// the attributes pickers and nested fields need (names, display numbers, rates).
func (s *Server) seedInto(now time.Time) {
	st := s.st
	for _, u := range append(Seed.Users[:len(Seed.Users):len(Seed.Users)], s.cfg.ExtraUsers...) {
		name := u.FirstName + " " + u.LastName
		if u.ID == UserJane && s.cfg.UserName != "" {
			name = s.cfg.UserName
		}
		st.put("users", u.ID, map[string]any{
			"first_name": u.FirstName, "last_name": u.LastName,
			"name": name, "email": u.Email,
			"initials": u.FirstName[:1] + u.LastName[:1], "enabled": true,
			"account_owner": u.ID == UserJane, "rate": u.Rate,
			"subscription_type": "Attorney", "time_zone": "Eastern Time (US & Canada)",
		}, now)
	}
	for _, c := range Seed.Contacts {
		attrs := map[string]any{
			"name": c.Name, "type": c.Type, "primary_email_address": c.Email,
			"is_client": c.ID != ContactCouriers,
		}
		if c.Type == "Person" {
			attrs["first_name"], attrs["last_name"] = c.FirstName, c.LastName
			attrs["initials"] = c.FirstName[:1] + c.LastName[:1]
		}
		st.put("contacts", c.ID, attrs, now)
	}
	for _, m := range append(Seed.Matters[:len(Seed.Matters):len(Seed.Matters)], s.cfg.ExtraMatters...) {
		st.put("matters", m.ID, map[string]any{
			"number": int64(m.Number), "display_number": m.DisplayNumber,
			"description": m.Description, "status": m.Status,
			"client": map[string]any{"id": m.Client}, "client_id": m.Client,
			"responsible_attorney": map[string]any{"id": m.Responsible},
			"billable":             true, "billing_method": "hourly", "open_date": "2024-01-15",
		}, now)
	}
	for _, d := range Seed.ActivityDescriptions {
		st.put("activity_descriptions", d.ID, map[string]any{
			"name": d.Name, "visible_to_co_counsel": false, "default": false,
			"type": "User", "accessible_to_user": true, "category_type": "rate",
		}, now)
	}
	for _, t := range Seed.TaskTypes {
		st.put("task_types", t.ID, map[string]any{"name": t.Name}, now)
	}
	for _, e := range Seed.ExpenseCategories {
		st.put("expense_categories", e.ID, map[string]any{
			"name": e.Name, "rate": e.Rate, "entry_type": "expense", "accessible_to_user": true,
		}, now)
	}
	s.seedCustomFields(now)
	// The firm's existing work links to the records above, so it comes last.
	s.seedWork()
	// Seeding is not creating: Created counts what clients caused.
	for _, c := range st.kinds {
		c.created = 0
	}
}
