package lookup

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/clio"
)

// A custom field is named in a destination as the firm sees it ("Referral
// Source") and sent by its ID, which differs per firm and per parent type.
// The firm's custom fields of a parent type are listed once per resolver,
// in full (one request per 200 fields), with their picklist options, and
// matched by name ignoring case and surrounding spaces. They are not kept in
// the ledger: a picklist gains options in Clio, and a run must see them.

// customFieldsPath is Clio's list of custom fields.
const customFieldsPath = "/custom_fields.json"

// customFieldsFields is fields= for the listing: what matching and value
// checks need.
const customFieldsFields = "id,name,parent_type,field_type,deleted,picklist_options{id,option,deleted_at}"

// UnknownFieldError is a custom field name the firm has no field of.
type UnknownFieldError struct {
	Parent, Name string
	Known        []string // the firm's field names of that parent type, sorted
}

func (e *UnknownFieldError) Error() string {
	known := "none"
	if len(e.Known) > 0 {
		known = strings.Join(e.Known, ", ")
	}
	return fmt.Sprintf("the firm has no %s custom field named %q; its %s custom fields are: %s", e.Parent, e.Name, e.Parent, known)
}

// AmbiguousFieldError is a name several custom fields of one parent type share.
type AmbiguousFieldError struct {
	Parent, Name string
	IDs          []int64
}

func (e *AmbiguousFieldError) Error() string {
	ids := make([]string, len(e.IDs))
	for i, id := range e.IDs {
		ids[i] = fmt.Sprint(id)
	}
	return fmt.Sprintf("%d %s custom fields are named %q (IDs %s); none is picked: rename one in Clio", len(e.IDs), e.Parent, e.Name, strings.Join(ids, ", "))
}

// CustomFields lists the firm's live custom fields of parent (Contact or
// Matter), sorted by name; listed once per resolver (a listing Clio could
// not answer is not asked again by it either: a retry's resolver asks).
func (r *Resolver) CustomFields(ctx context.Context, parent string) ([]clio.CustomField, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.customFields(ctx, parent)
}

// customFields is CustomFields with r.mu held.
func (r *Resolver) customFields(ctx context.Context, parent string) ([]clio.CustomField, error) {
	if fs, ok := r.fields[parent]; ok {
		return fs, nil
	}
	if err, ok := r.fieldErrs[parent]; ok {
		return nil, err // as a value's failed look-up: not asked again in this run
	}
	q := url.Values{"parent_type": {strings.ToLower(parent)}, "fields": {customFieldsFields}}
	raws, err := r.listRaw(ctx, customFieldsPath, q)
	if err != nil {
		err = &RequestError{fmt.Errorf("listing the firm's %s custom fields: %w", parent, err)}
		if ctx.Err() == nil { // an interrupted listing is asked again
			r.fieldErrs[parent] = err
		}
		return nil, err
	}
	var fs []clio.CustomField
	for _, raw := range raws {
		f, live, err := decodeCustomField(raw)
		if err != nil {
			return nil, &RequestError{fmt.Errorf("listing the firm's %s custom fields: %w", parent, err)}
		}
		if live && strings.EqualFold(f.ParentType, parent) {
			fs = append(fs, f)
		}
	}
	slices.SortStableFunc(fs, func(a, b clio.CustomField) int { return strings.Compare(a.Name, b.Name) })
	if ctx.Err() == nil {
		r.fields[parent] = fs
	}
	return fs, nil
}

// CustomField finds the one live custom field of parent named name
// (case-insensitively, surrounding spaces trimmed). A name no field has is
// an *UnknownFieldError listing the names there are; one several have, an
// *AmbiguousFieldError. Each name is matched once per resolver.
func (r *Resolver) CustomField(ctx context.Context, parent, fieldName string) (clio.CustomField, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if out, ok := r.named[parent][fieldName]; ok {
		if out.err != nil {
			r.stats.Failures++
		}
		return out.f, out.err
	}
	fs, err := r.customFields(ctx, parent)
	if err != nil {
		r.stats.Failures++
		return clio.CustomField{}, err
	}
	want := normal(name, fieldName)
	var found []clio.CustomField
	for _, f := range fs {
		if normal(name, f.Name) == want {
			found = append(found, f)
		}
	}
	var out namedField
	switch len(found) {
	case 1:
		out.f = found[0]
	case 0:
		known := make([]string, len(fs))
		for i, f := range fs {
			known[i] = f.Name
		}
		out.err = &UnknownFieldError{Parent: parent, Name: strings.TrimSpace(fieldName), Known: known}
	default:
		ids := make([]int64, len(found))
		for i, f := range found {
			ids[i] = f.ID
		}
		slices.Sort(ids)
		out.err = &AmbiguousFieldError{Parent: parent, Name: strings.TrimSpace(fieldName), IDs: ids}
	}
	if r.named[parent] == nil {
		r.named[parent] = map[string]namedField{}
	}
	r.named[parent][fieldName] = out
	if out.err != nil {
		r.stats.Failures++
	}
	return out.f, out.err
}

// namedField is a name's verdict.
type namedField struct {
	f   clio.CustomField
	err error
}

// decodeCustomField reads one listed custom field; live is false for a
// deleted one. Deleted picklist options are left out.
func decodeCustomField(raw json.RawMessage) (clio.CustomField, bool, error) {
	var x struct {
		ID         json.Number `json:"id"`
		Name       string      `json:"name"`
		ParentType string      `json:"parent_type"`
		FieldType  string      `json:"field_type"`
		Deleted    bool        `json:"deleted"`
		Options    []struct {
			ID        json.Number `json:"id"`
			Option    string      `json:"option"`
			DeletedAt *string     `json:"deleted_at"`
		} `json:"picklist_options"`
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return clio.CustomField{}, false, fmt.Errorf("a custom field is not one (%q): %v", clio.Snippet(raw), err)
	}
	id, err := x.ID.Int64()
	if err != nil || id <= 0 {
		return clio.CustomField{}, false, fmt.Errorf("a custom field has no numeric id (%q)", clio.Snippet(raw))
	}
	f := clio.CustomField{ID: id, Name: x.Name, ParentType: x.ParentType, FieldType: x.FieldType}
	for _, o := range x.Options {
		oid, err := o.ID.Int64()
		if err != nil || o.DeletedAt != nil && *o.DeletedAt != "" {
			continue
		}
		f.Options = append(f.Options, clio.PicklistOption{ID: oid, Option: o.Option})
	}
	return f, !x.Deleted, nil
}
