package clio

import (
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CustomField is one of a firm's custom fields, as GET /custom_fields.json
// lists it. Its ID differs per firm and per parent type: a firm may have a
// "Case Type" on contacts and another on matters.
type CustomField struct {
	ID         int64
	Name       string
	ParentType string // Contact or Matter
	FieldType  string // one of CustomFieldTypes
	Options    []PicklistOption
}

// PicklistOption is one choice of a picklist custom field.
type PicklistOption struct {
	ID     int64
	Option string
}

// CustomFieldTypes are Clio's field types (openapi.json, CustomField.field_type).
var CustomFieldTypes = []string{"checkbox", "contact", "currency", "date", "time", "email", "matter",
	"numeric", "picklist", "text_area", "text_line", "url"}

// CustomFieldParents maps a collection to the parent_type its custom fields
// have; only contacts and matters carry custom_field_values.
var CustomFieldParents = map[string]string{"contacts": "Contact", "matters": "Matter"}

// MaxTextLine is the longest value a text_line field holds.
const MaxTextLine = 255

// CustomValueRule says in words what a field type's value is, as sent.
func CustomValueRule(fieldType string) string {
	switch fieldType {
	case "checkbox":
		return "true or false"
	case "date":
		return "a date, YYYY-MM-DD"
	case "time":
		return "a time of day, HH:MM or HH:MM:SS"
	case "numeric", "currency":
		return "a number"
	case "email":
		return "an e-mail address"
	case "url":
		return "an http(s) URL"
	case "picklist":
		return "one of the field's options"
	case "contact", "matter":
		return "the ID of a " + fieldType
	case "text_line":
		return fmt.Sprintf("one line of at most %d characters", MaxTextLine)
	}
	return "text"
}

// CheckValue reports whether value, the text custom_field_values carries
// (openapi.json types it a string), fits the field's type. A picklist value
// is the ID of one of the field's options.
func (f CustomField) CheckValue(value string) error {
	bad := func() error {
		return fmt.Errorf("%q is not %s (custom field %q is %s)", value, CustomValueRule(f.FieldType), f.Name, f.FieldType)
	}
	switch f.FieldType {
	case "checkbox":
		if value != "true" && value != "false" {
			return bad()
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, value); err != nil {
			return bad()
		}
	case "time":
		if _, err := time.Parse(time.TimeOnly, value); err != nil {
			if _, err := time.Parse("15:04", value); err != nil {
				return bad()
			}
		}
	case "numeric", "currency":
		if _, err := strconv.ParseFloat(value, 64); err != nil || strings.TrimSpace(value) != value {
			return bad()
		}
	case "email":
		a, err := mail.ParseAddress(value)
		if err != nil || a.Address != value || a.Name != "" {
			return bad()
		}
	case "url":
		u, err := url.Parse(value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return bad()
		}
	case "picklist":
		id, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return bad()
		}
		if _, ok := f.OptionByID(id); !ok {
			return fmt.Errorf("%s is not an option of custom field %q (options: %s)", value, f.Name, f.OptionList())
		}
	case "contact", "matter":
		if id, err := strconv.ParseInt(value, 10, 64); err != nil || id <= 0 {
			return bad()
		}
	case "text_line":
		if strings.ContainsAny(value, "\r\n") || len([]rune(value)) > MaxTextLine {
			return bad()
		}
	}
	return nil
}

// OptionByID finds a picklist option by its ID.
func (f CustomField) OptionByID(id int64) (PicklistOption, bool) {
	for _, o := range f.Options {
		if o.ID == id {
			return o, true
		}
	}
	return PicklistOption{}, false
}

// OptionList names the options for messages: Website (7101), Referral (7102).
func (f CustomField) OptionList() string {
	parts := make([]string, len(f.Options))
	for i, o := range f.Options {
		parts[i] = fmt.Sprintf("%s (%d)", o.Option, o.ID)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
