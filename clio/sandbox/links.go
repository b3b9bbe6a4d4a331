package sandbox

import "fmt"

// linkKinds maps an attribute that links a record to the collection holding it.
// Links to kinds the sandbox does not store (calendar_entry, bill, …) are kept
// as sent and not checked.
var linkKinds = map[string]string{
	"matter":               "matters",
	"user":                 "users",
	"assigner":             "users",
	"responsible_attorney": "users",
	"originating_attorney": "users",
	"activity_description": "activity_descriptions",
	"expense_category":     "expense_categories",
	"task_type":            "task_types",
	"task":                 "tasks",
	"vendor":               "contacts",
	"client":               "contacts",
	"contact":              "contacts",
}

// participantKinds resolves polymorphic participants such as a task's assignee.
var participantKinds = map[string]string{"User": "users", "Contact": "contacts"}

// kindNames names a collection's records in messages, as Clio does.
var kindNames = map[string]string{
	"matters": "Matter", "users": "User", "contacts": "Contact", "tasks": "Task",
	"activity_descriptions": "ActivityDescription", "expense_categories": "ExpenseCategory",
	"task_types": "TaskType", "activities": "Activity",
}

// linkTarget says which collection a link attribute points to.
func linkTarget(kind, name string, link map[string]any) (string, bool) {
	if name == "assignee" {
		t, _ := link["type"].(string)
		k, ok := participantKinds[t]
		return k, ok
	}
	k, ok := linkKinds[name]
	return k, ok
}

// checkLinks normalises link attributes in data and verifies that every linked
// record the sandbox knows exists; the error names the attribute, like Clio's 422.
func (s *Server) checkLinks(kind string, data map[string]any) error {
	if err := s.checkCustomFieldValues(kind, data); err != nil {
		return err
	}
	for name, v := range data {
		link, ok := v.(map[string]any)
		if !ok {
			continue
		}
		idv, has := link["id"]
		if !has {
			continue
		}
		if idv == nil {
			// "null" unlinks where Clio allows it; the catalogue rejects it where not.
			data[name] = nil
			continue
		}
		id, ok := toInt(idv)
		if !ok {
			return fmt.Errorf("data.%s.id must be an integer", name)
		}
		norm := map[string]any{"id": id}
		if t, ok := link["type"]; ok {
			norm["type"] = t
		}
		target, known := linkTarget(kind, name, link)
		if name == "assignee" && !known {
			return fmt.Errorf("data.assignee.type must be User or Contact")
		}
		if known {
			if _, ok := s.st.get(target, id); !ok {
				return fmt.Errorf("data.%s.id: %s %d does not exist", name, kindNames[target], id)
			}
		}
		data[name] = norm
	}
	return nil
}
