package sandbox

import "strings"

// finishContact fills what Clio derives for a contact: a person's name from
// its parts when none was sent, and primary_email_address and
// primary_phone_number from the lists (the default item, else the first)
// when data sent that list.
func finishContact(o *object, data map[string]any) {
	a := o.attrs
	if name, _ := a["name"].(string); name == "" && a["type"] == "Person" {
		first, _ := a["first_name"].(string)
		last, _ := a["last_name"].(string)
		if n := strings.TrimSpace(first + " " + last); n != "" {
			a["name"] = n
		}
	}
	if _, sent := data["email_addresses"]; sent {
		a["primary_email_address"] = primaryItem(a["email_addresses"], "default_email", "address")
	}
	if _, sent := data["phone_numbers"]; sent {
		a["primary_phone_number"] = primaryItem(a["phone_numbers"], "default_number", "number")
	}
}

// primaryItem is the value attribute of the list item marked as default, or
// of the first item when none is; nil for an empty or missing list.
func primaryItem(list any, defaultAttr, valueAttr string) any {
	items, _ := list.([]any)
	var first any
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok || m["_destroy"] == true {
			continue
		}
		if first == nil {
			first = m[valueAttr]
		}
		if m[defaultAttr] == true {
			return m[valueAttr]
		}
	}
	return first
}

// anyEmailHolds reports whether one of a contact's e-mail addresses holds
// text (lower case): Clio's query finds a contact by any of them, not only
// by its primary one.
func anyEmailHolds(o *object, text string) bool {
	items, _ := o.attrs["email_addresses"].([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		if addr, ok := m["address"].(string); ok && strings.Contains(strings.ToLower(addr), text) {
			return true
		}
	}
	return false
}
