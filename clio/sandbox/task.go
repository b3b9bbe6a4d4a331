package sandbox

// finishTask fills what Clio computes for a task: defaults on create, the
// assigner, and completed_at following status.
func (s *Server) finishTask(c *apiCall, o *object, created bool) {
	a := o.attrs
	if created {
		defaults := map[string]any{
			"status": "pending", "priority": "Normal", "permission": "public",
			"notify_completion": false, "statute_of_limitations": false,
			"description_text_type": "plain_text", "time_entries_count": int64(0),
		}
		for k, v := range defaults {
			if _, ok := a[k]; !ok {
				a[k] = v
			}
		}
		a["assigner"] = map[string]any{"id": c.userID}
	}
	if a["status"] == "complete" {
		if a["completed_at"] == nil {
			a["completed_at"] = a["updated_at"]
		}
	} else {
		a["completed_at"] = nil
	}
}
