package lookup

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

// The firm's custom fields of a parent type are listed once, page by page
// (200 a page), deleted ones left out; names match ignoring case.
func TestCustomFieldsListedOnce(t *testing.T) {
	var extra []sandbox.SeedCustomField
	for i := range 250 {
		extra = append(extra, sandbox.SeedCustomField{CustomField: clio.CustomField{ID: int64(8000 + i), Name: fmt.Sprintf("Extra %03d", i), ParentType: "Matter", FieldType: "text_line"}})
	}
	c, log := newSandbox(t, sandbox.Config{ExtraCustomFields: extra})
	r := NewResolver(Options{Client: c})
	ctx := context.Background()
	for range 3 {
		if f, err := r.CustomField(ctx, "Matter", " extra 249 "); err != nil || f.ID != 8249 {
			t.Fatalf("Extra 249: %+v %v", f, err)
		}
		if f, err := r.CustomField(ctx, "Matter", "case type"); err != nil || f.ID != sandbox.CustomFieldMatterCase || len(f.Options) != 4 {
			t.Fatalf("the matter's Case Type: %+v %v", f, err)
		}
		if f, err := r.CustomField(ctx, "Contact", "CASE TYPE"); err != nil || f.ID != sandbox.CustomFieldContactCase {
			t.Fatalf("the contact's Case Type: %+v %v", f, err)
		}
	}
	var unknown *UnknownFieldError
	if _, err := r.CustomField(ctx, "Contact", "Former Name"); !errors.As(err, &unknown) || strings.Contains(strings.Join(unknown.Known, ","), "Former Name") {
		t.Errorf("a deleted field: %v", err)
	}
	paths := log.paths(t)
	if len(paths) != 3 || !strings.Contains(paths[0], "parent_type=matter") || !strings.Contains(paths[1], "page_token=") || !strings.Contains(paths[2], "parent_type=contact") {
		t.Errorf("requests %v: want the matter's fields in 2 pages, the contact's in 1", paths)
	}
}

// A listing Clio cannot answer fails with its reason as a *RequestError,
// for the rest of the run as a value's failed look-up does (3 attempts, not
// 3 per record); a later resolver (retry) asks again.
func TestCustomFieldsFault(t *testing.T) {
	c, _ := newSandbox(t, sandbox.Config{Faults: sandbox.Faults{Seed: 1, ErrorRate: 1}})
	r := NewResolver(Options{Client: c, Backoff: func(int) time.Duration { return time.Millisecond }})
	var re *RequestError
	for range 2 {
		if _, err := r.CustomField(context.Background(), "Contact", "Referral Source"); !errors.As(err, &re) || !strings.Contains(err.Error(), "listing the firm's Contact custom fields: gave up after 3 attempts") {
			t.Fatalf("5xx: %v", err)
		}
	}
	if s := r.Stats(); s.Requests != 3 || s.Failures != 2 {
		t.Errorf("stats %+v: want one listing of 3 attempts, 2 failures", s)
	}
	r2 := NewResolver(Options{Client: c, Backoff: func(int) time.Duration { return time.Millisecond }})
	if _, err := r2.CustomFields(context.Background(), "Contact"); !errors.As(err, &re) || r2.Stats().Requests != 3 {
		t.Errorf("a new resolver: %v, %+v; want it to ask again", err, r2.Stats())
	}
}
