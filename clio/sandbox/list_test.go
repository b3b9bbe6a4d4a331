package sandbox

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

type page struct {
	Data []struct {
		ID   int64  `json:"id"`
		Note string `json:"note"`
	} `json:"data"`
	Meta struct {
		Paging struct {
			Next string `json:"next"`
		} `json:"paging"`
		Records int `json:"records"`
	} `json:"meta"`
}

// walk follows meta.paging.next from path and returns every ID seen.
func (e *env) walk(path string) (ids []int64, pages int) {
	e.t.Helper()
	for path != "" && pages < 100 {
		r := e.call("GET", path, "")
		if r.status != 200 {
			e.t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		var p page
		if err := json.Unmarshal(r.body, &p); err != nil {
			e.t.Fatalf("page: %v", err)
		}
		for _, d := range p.Data {
			ids = append(ids, d.ID)
		}
		pages++
		path = ""
		if p.Meta.Paging.Next != "" {
			u, err := url.Parse(p.Meta.Paging.Next)
			if err != nil || !strings.HasPrefix(p.Meta.Paging.Next, e.srv.URL) {
				e.t.Fatalf("next %q is not a URL on the server", p.Meta.Paging.Next)
			}
			path = u.RequestURI()
		}
	}
	return ids, pages
}

func TestCursorPaging(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1})
	for i := range 7 {
		r := e.call("POST", "/api/v4/activities.json", fmt.Sprintf(`{"data":{"type":"TimeEntry","date":"2025-03-0%d","note":"n%d"}}`, i+1, i))
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
	}
	e.call("DELETE", fmt.Sprintf("/api/v4/activities/%d.json", FirstActivityID+3), "")
	e.call("DELETE", fmt.Sprintf("/api/v4/activities/%d.json", ActivityAcmeCourier), "")
	// The seeded activities 9001–9011 come first (9012 was deleted), then the created ones.
	asc := []int64{9001, 9002, 9003, 9004, 9005, 9006, 9007, 9008, 9009, 9010, 9011, 10001, 10002, 10003, 10005, 10006, 10007}
	desc := slices.Clone(asc)
	slices.Reverse(desc)
	tests := []struct {
		query string
		want  []int64
		pages int
	}{
		{"?order=id(asc)&limit=2", asc, 9},
		{"?limit=4", asc, 5},
		{"?order=id(desc)&limit=5", desc, 4},
		{"?limit=200", asc, 1},
		{"?ids[]=10002&ids[]=10007&ids[]=9003&ids[]=9012", []int64{9003, 10002, 10007}, 1},
		{"?matter_id=3007&limit=1", []int64{ActivityAcmeDismissalFile, ActivityAcmeHearing}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			ids, pages := e.walk("/api/v4/activities.json" + tt.query)
			if fmt.Sprint(ids) != fmt.Sprint(tt.want) || pages != tt.pages {
				t.Fatalf("ids %v in %d pages, want %v in %d", ids, pages, tt.want, tt.pages)
			}
		})
	}
	for _, q := range []string{"?limit=0", "?limit=201", "?order=date(asc)", "?page_token=%21%21"} {
		if r := e.call("GET", "/api/v4/activities.json"+q, ""); r.status != 400 {
			t.Errorf("GET %s: %d, want 400", q, r.status)
		}
	}
}

func TestPickerLists(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1})
	tests := []struct {
		path string
		want []int64
	}{
		{"/api/v4/matters.json?query=smith", []int64{MatterSmithContract, MatterSmithClosing}},
		{"/api/v4/matters.json?query=00014", []int64{MatterAcmeLease}},
		{"/api/v4/matters.json?query=LEASE", []int64{MatterAcmeLease}},
		{"/api/v4/matters.json?query=alice", []int64{MatterSmithContract, MatterSmithClosing}}, // the client's name, as at Clio
		{"/api/v4/matters.json?status=closed", []int64{MatterGarciaCustody}},
		{"/api/v4/matters.json?client_id=2003", []int64{MatterAcmeLease, MatterAcmeEmployment}},
		{"/api/v4/users.json?query=priya", []int64{UserPriya}},
		{"/api/v4/users.json", []int64{UserJane, UserMarcus, UserPriya}},
		{"/api/v4/contacts.json?query=acme", []int64{ContactAcme}},
		{"/api/v4/activity_descriptions.json?query=court", []int64{DescCourt}},
		{"/api/v4/task_types.json", []int64{TaskTypeFiling, TaskTypeFollowUp, TaskTypeDeadline, TaskTypeReview}},
		{"/api/v4/expense_categories.json?query=cour", []int64{ExpenseCourier}},
		{"/api/v4/tasks.json?assignee_id=1002", []int64{TaskJohnsonWillReview, TaskSmithWitnessList, TaskNorthwindWatch}},
		{"/api/v4/tasks.json?status=complete", []int64{TaskNorthwindWatch}},
		{"/api/v4/activities.json?type=ExpenseEntry", []int64{ActivitySmithFilingFee, ActivityAcmeCourier}},
		{"/api/v4/activities.json?query=closing", []int64{ActivitySmithClosingReview}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			ids, _ := e.walk(tt.path)
			if fmt.Sprint(ids) != fmt.Sprint(tt.want) {
				t.Fatalf("ids %v, want %v", ids, tt.want)
			}
		})
	}
	if got := len(Seed.Matters); got != 11 || Seed.Matters[0].DisplayNumber != "00012-Smith" {
		t.Fatalf("seed changed: %d matters, first %q", got, Seed.Matters[0].DisplayNumber)
	}
}

func TestCreatedSinceFilters(t *testing.T) {
	now := time.Date(2031, 3, 4, 10, 0, 0, 0, time.UTC) // after every seeded record
	e := newEnv(t, Config{RateLimit: -1, Now: func() time.Time { return now }})
	for i := range 3 {
		if i == 2 {
			now = now.Add(time.Hour)
		}
		r := e.call("POST", "/api/v4/activities.json", fmt.Sprintf(`{"data":{"type":"TimeEntry","date":"2025-03-04","note":"n%d"}}`, i))
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
	}
	ids, _ := e.walk("/api/v4/activities.json?fields=id,note&created_since=" + url.QueryEscape(now.Add(-time.Minute).Format(time.RFC3339)))
	if len(ids) != 1 {
		t.Errorf("created_since an hour later: %v, want the last one", ids)
	}
	ids, _ = e.walk("/api/v4/activities.json?created_since=" + url.QueryEscape(now.Add(-2*time.Hour).In(time.FixedZone("", -5*3600)).Format(time.RFC3339)))
	if len(ids) < 3 {
		t.Errorf("created_since before all (another zone): %v", ids)
	}
	if r := e.call("GET", "/api/v4/activities.json?created_since=yesterday", ""); r.status != 400 {
		t.Errorf("a bad created_since: %d %s", r.status, r.body)
	}
}
