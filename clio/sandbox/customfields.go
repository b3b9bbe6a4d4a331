package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// The seeded firm's custom fields (GET /custom_fields.json), with IDs in
// their own range. "Case Type" exists on contacts (text) and on matters (a
// picklist), as firms have it: a name means nothing without its parent type.
const (
	CustomFieldReferralSource int64 = 7001 // Contact, picklist
	CustomFieldContactCase    int64 = 7002 // Contact "Case Type", text_line
	CustomFieldFirstContact   int64 = 7003 // Contact, date
	CustomFieldNewsletter     int64 = 7004 // Contact, checkbox
	CustomFieldHousehold      int64 = 7005 // Contact, numeric
	CustomFieldLinkedIn       int64 = 7006 // Contact, url
	CustomFieldMatterCase     int64 = 7011 // Matter "Case Type", picklist
	CustomFieldConflictCheck  int64 = 7012 // Matter, checkbox
	CustomFieldClaimValue     int64 = 7013 // Matter, currency
	CustomFieldIncidentDate   int64 = 7014 // Matter, date
	CustomFieldOpposingParty  int64 = 7015 // Matter, contact
	CustomFieldFormerName     int64 = 7020 // Contact, deleted: never matched, never accepted

	OptionWebsite        int64 = 7101 // Referral Source options
	OptionReferral       int64 = 7102
	OptionAdvertisement  int64 = 7103
	OptionOther          int64 = 7104
	OptionPersonalInjury int64 = 7111 // the matter's Case Type options
	OptionEmployment     int64 = 7112
	OptionFamily         int64 = 7113
	OptionCommercial     int64 = 7114
)

// SeedCustomField is a seeded custom field.
type SeedCustomField struct {
	clio.CustomField
	Deleted bool
}

// SeedCustomFields are the firm's custom fields every Server starts with.
var SeedCustomFields = []SeedCustomField{
	{CustomField: clio.CustomField{ID: CustomFieldReferralSource, Name: "Referral Source", ParentType: "Contact", FieldType: "picklist",
		Options: []clio.PicklistOption{{ID: OptionWebsite, Option: "Website"}, {ID: OptionReferral, Option: "Referral"}, {ID: OptionAdvertisement, Option: "Advertisement"}, {ID: OptionOther, Option: "Other"}}}},
	{CustomField: clio.CustomField{ID: CustomFieldContactCase, Name: "Case Type", ParentType: "Contact", FieldType: "text_line"}},
	{CustomField: clio.CustomField{ID: CustomFieldFirstContact, Name: "First Contact", ParentType: "Contact", FieldType: "date"}},
	{CustomField: clio.CustomField{ID: CustomFieldNewsletter, Name: "Newsletter", ParentType: "Contact", FieldType: "checkbox"}},
	{CustomField: clio.CustomField{ID: CustomFieldHousehold, Name: "Household Size", ParentType: "Contact", FieldType: "numeric"}},
	{CustomField: clio.CustomField{ID: CustomFieldLinkedIn, Name: "LinkedIn", ParentType: "Contact", FieldType: "url"}},
	{CustomField: clio.CustomField{ID: CustomFieldMatterCase, Name: "Case Type", ParentType: "Matter", FieldType: "picklist",
		Options: []clio.PicklistOption{{ID: OptionPersonalInjury, Option: "Personal injury"}, {ID: OptionEmployment, Option: "Employment"}, {ID: OptionFamily, Option: "Family"}, {ID: OptionCommercial, Option: "Commercial"}}}},
	{CustomField: clio.CustomField{ID: CustomFieldConflictCheck, Name: "Conflict Check Done", ParentType: "Matter", FieldType: "checkbox"}},
	{CustomField: clio.CustomField{ID: CustomFieldClaimValue, Name: "Claim Value", ParentType: "Matter", FieldType: "currency"}},
	{CustomField: clio.CustomField{ID: CustomFieldIncidentDate, Name: "Incident Date", ParentType: "Matter", FieldType: "date"}},
	{CustomField: clio.CustomField{ID: CustomFieldOpposingParty, Name: "Opposing Party", ParentType: "Matter", FieldType: "contact"}},
	{CustomField: clio.CustomField{ID: CustomFieldFormerName, Name: "Former Name", ParentType: "Contact", FieldType: "text_line"}, Deleted: true},
}

// seedCustomFields stores the custom fields as GET /custom_fields.json lists them.
func (s *Server) seedCustomFields(now time.Time) {
	all := append(SeedCustomFields[:len(SeedCustomFields):len(SeedCustomFields)], s.cfg.ExtraCustomFields...)
	for i, f := range all {
		opts := make([]any, len(f.Options))
		for j, o := range f.Options {
			opts[j] = map[string]any{"id": o.ID, "option": o.Option, "deleted_at": nil}
		}
		s.st.put("custom_fields", f.ID, map[string]any{
			"name": f.Name, "parent_type": f.ParentType, "field_type": f.FieldType,
			"displayed": true, "deleted": f.Deleted, "required": false, "display_order": int64(i),
			"picklist_options": opts,
		}, now)
	}
}

// customField reads a stored custom field back (called with s.mu held).
func (s *Server) customField(id int64) (clio.CustomField, bool, bool) {
	o, ok := s.st.get("custom_fields", id)
	if !ok {
		return clio.CustomField{}, false, false
	}
	f := clio.CustomField{ID: id}
	f.Name, _ = o.attrs["name"].(string)
	f.ParentType, _ = o.attrs["parent_type"].(string)
	f.FieldType, _ = o.attrs["field_type"].(string)
	opts, _ := o.attrs["picklist_options"].([]any)
	for _, x := range opts {
		m, _ := x.(map[string]any)
		oid, _ := toInt(m["id"])
		name, _ := m["option"].(string)
		f.Options = append(f.Options, clio.PicklistOption{ID: oid, Option: name})
	}
	deleted, _ := o.attrs["deleted"].(bool)
	return f, true, deleted
}

// checkCustomFieldValues applies Clio's rules to data's custom_field_values
// (called with s.mu held): each names a live custom field of the record's
// parent type, at most once, with a value its type takes; a picklist's value
// is one of its option IDs, a contact or matter field's an existing one.
// Accepted entries are stored as Clio answers them (field_name, field_type,
// picklist_option).
func (s *Server) checkCustomFieldValues(kind string, data map[string]any) error {
	raw, sent := data["custom_field_values"]
	if !sent || raw == nil {
		return nil
	}
	parent := clio.CustomFieldParents[kind]
	items, ok := raw.([]any)
	if !ok || parent == "" {
		return fmt.Errorf("data.custom_field_values must be a list of {custom_field: {id}, value}")
	}
	seen := map[int64]bool{}
	out := make([]any, 0, len(items))
	for i, x := range items {
		at := fmt.Sprintf("data.custom_field_values[%d]", i)
		it, _ := x.(map[string]any)
		if it["_destroy"] == true {
			out = append(out, map[string]any{"id": it["id"], "_destroy": true}) // see mergeCustomFieldValues
			continue
		}
		link, _ := it["custom_field"].(map[string]any)
		id, ok := toInt(link["id"])
		if !ok {
			return fmt.Errorf("%s.custom_field.id must be an integer", at)
		}
		f, known, deleted := s.customField(id)
		switch {
		case !known:
			return fmt.Errorf("%s.custom_field.id: CustomField %d does not exist", at, id)
		case deleted:
			return fmt.Errorf("%s.custom_field.id: CustomField %d (%s) is deleted", at, id, f.Name)
		case f.ParentType != parent:
			return fmt.Errorf("%s.custom_field.id: CustomField %d (%s) belongs to %s records, not %s", at, id, f.Name, f.ParentType, parent)
		case seen[id]:
			return fmt.Errorf("%s.custom_field.id: CustomField %d (%s) is given twice", at, id, f.Name)
		}
		seen[id] = true
		value, ok := it["value"].(string)
		if !ok {
			return fmt.Errorf("%s.value must be a string", at)
		}
		if err := f.CheckValue(value); err != nil {
			return fmt.Errorf("%s.value: %v", at, err)
		}
		valueID, kept := it["id"].(string) // an update's, checked by checkValueIDs
		if !kept {
			valueID = f.FieldType + "-" + strconv.FormatInt(s.nextCustomValueID(), 10)
		}
		stored := map[string]any{"id": valueID,
			"field_name": f.Name, "field_type": f.FieldType, "value": value, "custom_field": map[string]any{"id": id}}
		switch f.FieldType {
		case "picklist":
			oid, _ := strconv.ParseInt(value, 10, 64)
			o, _ := f.OptionByID(oid)
			stored["picklist_option"] = map[string]any{"id": o.ID, "option": o.Option}
		case "contact", "matter":
			oid, _ := strconv.ParseInt(value, 10, 64)
			if _, ok := s.st.get(f.FieldType+"s", oid); !ok {
				return fmt.Errorf("%s.value: %s %d does not exist", at, kindNames[f.FieldType+"s"], oid)
			}
		}
		out = append(out, stored)
	}
	data["custom_field_values"] = out
	return nil
}

// nextCustomValueID numbers stored custom field values (s.mu held).
func (s *Server) nextCustomValueID() int64 {
	c := s.st.coll("custom_field_values")
	id := c.nextID
	c.nextID++
	return id
}

// mergeCustomFieldValues settles a write's custom_field_values against the
// values the record held (old; nil on create), as Clio keeps them: a value
// sent replaces the record's value of that custom field, {id, _destroy:
// true} removes the value of that id, and values not named stay.
func mergeCustomFieldValues(old any, data map[string]any) {
	sent, ok := data["custom_field_values"].([]any)
	if !ok {
		return
	}
	destroyed, replaced := map[string]bool{}, map[int64]bool{}
	var fresh []any
	for _, x := range sent {
		it, _ := x.(map[string]any)
		if it["_destroy"] == true {
			id, _ := it["id"].(string)
			destroyed[id] = true
			continue
		}
		fid, _ := linkID(it["custom_field"])
		replaced[fid] = true
		fresh = append(fresh, it)
	}
	held, _ := old.([]any)
	out := make([]any, 0, len(held)+len(fresh))
	for _, x := range held {
		it, _ := x.(map[string]any)
		id, _ := it["id"].(string)
		fid, _ := linkID(it["custom_field"])
		if !destroyed[id] && !replaced[fid] {
			out = append(out, it)
		}
	}
	data["custom_field_values"] = append(out, fresh...)
}

// checkValueIDs applies Clio's rule for the values an update sends (s.mu
// held; held is the object's custom_field_values): an object holds one
// value per custom field, changed through that value's id. An entry
// without an id, for a field the object already has a value of, would be
// a second value and is refused; an id must be the object's value of the
// entry's field. Each id given is written as the object holds it, so the
// value keeps it.
func checkValueIDs(kind string, held any, data map[string]any) error {
	sent, ok := data["custom_field_values"].([]any)
	if !ok {
		return nil
	}
	byField := map[int64]string{}
	have, _ := held.([]any)
	for _, x := range have {
		v, _ := x.(map[string]any)
		fid, _ := linkID(v["custom_field"])
		id, _ := v["id"].(string)
		byField[fid] = id
	}
	for i, x := range sent {
		it, _ := x.(map[string]any)
		if it == nil || it["_destroy"] == true {
			continue
		}
		at := fmt.Sprintf("data.custom_field_values[%d]", i)
		fid, _ := linkID(it["custom_field"])
		heldID, has := byField[fid]
		given, named := it["id"]
		switch {
		case !named && has:
			return fmt.Errorf("%s: this %s already has a value of custom field %d (id %s): send its id to change it", at, kindNames[kind], fid, heldID)
		case named && (!has || !sameValueID(given, heldID)):
			return fmt.Errorf("%s.id: %v is not the id of this %s's value of custom field %d", at, given, kindNames[kind], fid)
		case named:
			it["id"] = heldID
		}
	}
	return nil
}

// sameValueID reports whether an id a request gives names the held value
// id ("text_line-55001"): the same text, or its number (the spec types the
// request's id as an integer).
func sameValueID(given any, held string) bool {
	if s, ok := given.(string); ok {
		return s == held
	}
	n, ok := toInt(given)
	_, num, cut := strings.Cut(held, "-")
	return ok && cut && num == strconv.FormatInt(n, 10)
}
