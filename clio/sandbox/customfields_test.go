package sandbox

import (
	"fmt"
	"strings"
	"testing"
)

// The firm's custom fields are listed per parent type, with their picklist
// options; "Case Type" is on both contacts and matters.
func TestCustomFieldsListed(t *testing.T) {
	e := newEnv(t, Config{})
	r := e.call("GET", "/api/v4/custom_fields.json?parent_type=contact&fields=id,name,field_type,deleted,picklist_options{id,option}", "")
	if r.status != 200 {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	body := string(r.body)
	for _, w := range []string{`"name":"Referral Source","field_type":"picklist"`, `"option":"Website"`, `"id":7002,"name":"Case Type","field_type":"text_line"`, `"name":"Former Name","field_type":"text_line","deleted":true`} {
		if !strings.Contains(body, w) {
			t.Errorf("contact fields %s lack %s", body, w)
		}
	}
	if strings.Contains(body, `"Claim Value"`) {
		t.Errorf("a matter field is listed among the contact's: %s", body)
	}
	m := string(e.call("GET", "/api/v4/custom_fields.json?parent_type=matter&fields=id,name", "").body)
	if !strings.Contains(m, `{"id":7011,"name":"Case Type"}`) || strings.Contains(m, "Referral Source") {
		t.Errorf("matter fields: %s", m)
	}
}

// custom_field_values on contacts and matters are checked as Clio checks
// them: a field of the record's parent type, alive, given once, with a value
// its type takes.
func TestCustomFieldValuesChecked(t *testing.T) {
	e := newEnv(t, Config{})
	cfv := func(id int64, value string) string {
		return fmt.Sprintf(`{"custom_field":{"id":%d},"value":%q}`, id, value)
	}
	contact := func(values ...string) result {
		return e.call("POST", "/api/v4/contacts.json?fields=id,custom_field_values",
			`{"data":{"type":"Person","name":"Ada Byron","custom_field_values":[`+strings.Join(values, ",")+`]}}`)
	}
	ok := contact(cfv(CustomFieldReferralSource, "7102"), cfv(CustomFieldContactCase, "Injury"), cfv(CustomFieldFirstContact, "2026-11-02"),
		cfv(CustomFieldNewsletter, "true"), cfv(CustomFieldHousehold, "3"), cfv(CustomFieldLinkedIn, "https://example.com/in/ada"))
	if ok.status != 201 {
		t.Fatalf("valid values refused: %d %s", ok.status, ok.body)
	}
	for _, w := range []string{`"field_name":"Referral Source"`, `"picklist_option":{"id":7102,"option":"Referral"}`, `"value":"2026-11-02"`} {
		if !strings.Contains(string(ok.body), w) {
			t.Errorf("stored values %s lack %s", ok.body, w)
		}
	}
	bad := []struct {
		values []string
		want   string
	}{
		{[]string{cfv(CustomFieldMatterCase, "7111")}, "CustomField 7011 (Case Type) belongs to Matter records, not Contact"},
		{[]string{cfv(9999, "x")}, "CustomField 9999 does not exist"},
		{[]string{cfv(CustomFieldFormerName, "x")}, "is deleted"},
		{[]string{cfv(CustomFieldNewsletter, "true"), cfv(CustomFieldNewsletter, "false")}, "given twice"},
		{[]string{cfv(CustomFieldFirstContact, "next week")}, `"next week" is not a date, YYYY-MM-DD`},
		{[]string{cfv(CustomFieldNewsletter, "yes")}, "is not true or false"},
		{[]string{cfv(CustomFieldHousehold, "three")}, "is not a number"},
		{[]string{cfv(CustomFieldLinkedIn, "linkedin")}, "is not an http(s) URL"},
		{[]string{cfv(CustomFieldReferralSource, "Website")}, "one of the field's options"},
		{[]string{cfv(CustomFieldReferralSource, "7111")}, "7111 is not an option of custom field \"Referral Source\""},
		{[]string{cfv(CustomFieldContactCase, "two\nlines")}, "is not one line"},
		{[]string{`{"custom_field":{"id":7004},"value":true}`}, "value"},
	}
	for _, tc := range bad {
		r := contact(tc.values...)
		_, msg := r.apiErr(t)
		if r.status != 422 || !strings.Contains(msg, tc.want) {
			t.Errorf("%v: %d %s, want 422 with %q", tc.values, r.status, msg, tc.want)
		}
	}
	if n := e.s.Count("contacts"); n != len(Seed.Contacts)+1 {
		t.Errorf("%d contacts, want the seed and one: a refused value created one", n)
	}

	m := e.call("POST", "/api/v4/matters.json?fields=id,custom_field_values", `{"data":{"client":{"id":2001},"description":"x","custom_field_values":[`+
		cfv(CustomFieldMatterCase, "7113")+","+cfv(CustomFieldClaimValue, "12500.50")+","+cfv(CustomFieldOpposingParty, "2003")+`]}}`)
	if m.status != 201 || !strings.Contains(string(m.body), `"option":"Family"`) {
		t.Fatalf("matter values: %d %s", m.status, m.body)
	}
	if r := e.call("POST", "/api/v4/matters.json", `{"data":{"client":{"id":2001},"description":"x","custom_field_values":[`+cfv(CustomFieldOpposingParty, "2999")+`]}}`); r.status != 422 {
		t.Errorf("an opposing party that does not exist: %d %s", r.status, r.body)
	}
}

// An update keeps the values it does not name, replaces a field's value
// through its id (which the value keeps), and removes one by its id with
// _destroy, as Clio does. A value of a field the contact already has,
// sent without its id or with another value's, is refused: it would be a
// second value of the field.
func TestCustomFieldValuesMergedOnUpdate(t *testing.T) {
	e := newEnv(t, Config{})
	r := e.call("POST", "/api/v4/contacts.json?fields=id,custom_field_values", `{"data":{"type":"Person","name":"Ada Byron","custom_field_values":[`+
		`{"custom_field":{"id":7001},"value":"7101"},{"custom_field":{"id":7002},"value":"Injury"},{"custom_field":{"id":7004},"value":"true"}]}}`)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	data := r.json(t)["data"].(map[string]any)
	var newsletter, referral, caseType string
	for _, x := range data["custom_field_values"].([]any) {
		switch v := x.(map[string]any); v["field_name"] {
		case "Newsletter":
			newsletter = v["id"].(string)
		case "Referral Source":
			referral = v["id"].(string)
		case "Case Type":
			caseType = v["id"].(string)
		}
	}
	path := "/api/v4/contacts/" + jsonText(data["id"]) + ".json?fields=custom_field_values"
	for _, bad := range []struct{ entry, want string }{
		{`{"custom_field":{"id":7001},"value":"7103"}`, "already has a value of custom field 7001 (id " + referral + "): send its id"},
		{`{"id":"` + caseType + `","custom_field":{"id":7001},"value":"7103"}`, caseType + " is not the id of this Contact's value of custom field 7001"},
	} {
		if r := e.call("PATCH", path, `{"data":{"custom_field_values":[`+bad.entry+`]}}`); r.status != 422 || !strings.Contains(string(r.body), bad.want) {
			t.Errorf("%s: %d %s", bad.entry, r.status, r.body)
		}
	}
	u := e.call("PATCH", path, `{"data":{"custom_field_values":[`+
		`{"id":"`+referral+`","custom_field":{"id":7001},"value":"7103"},{"id":"`+newsletter+`","_destroy":true}]}}`)
	body := string(u.body)
	if u.status != 200 || !strings.Contains(body, `"value":"Injury"`) || !strings.Contains(body, `"option":"Advertisement"`) ||
		!strings.Contains(body, `"id":"`+referral+`"`) || strings.Contains(body, `"option":"Website"`) || strings.Contains(body, "Newsletter") {
		t.Errorf("update: %d %s", u.status, body)
	}
}
