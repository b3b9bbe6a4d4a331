package deliver

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
)

func createActivity(t *testing.T) *clio.Operation {
	t.Helper()
	for _, op := range clio.Operations() {
		if op.Method == "POST" && op.Path == "/activities.json" {
			return op
		}
	}
	t.Fatal("no POST /activities.json in the catalogue")
	return nil
}

func TestSelectionAndScope(t *testing.T) {
	data, err := sentData([]byte(`{"data":{"type":"TimeEntry","date":"2024-03-04","quantity":360,"note":"x",
		"matter":{"id":9007199254740993},"user":{"id":7},"activity_description":{"id":12},"made_up":1}}`))
	if err != nil {
		t.Fatal(err)
	}
	fields, names, err := selection(createActivity(t), data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "activity_description{id},date,matter{id},note,quantity,type,user{id}"; fields != want {
		t.Errorf("fields %q, want %q", fields, want)
	}
	if len(names) != 7 {
		t.Errorf("names %v", names)
	}
	since := time.Date(2024, 3, 4, 10, 0, 0, 0, time.FixedZone("", 3600))
	q := scope(clio.ListFilters("/activities.json"), data, since)
	if q.Get("matter_id") != "9007199254740993" || q.Get("user_id") != "7" || q.Get("activity_description_id") != "12" ||
		q.Get("created_since") != "2024-03-04T09:00:00Z" || q.Has("made_up_id") {
		t.Errorf("scope %v", q)
	}

	deep, _ := sentData([]byte(`{"data":{"type":"TimeEntry","date":"2024-03-04","matter":{"id":1,"client":{"id":2}}}}`))
	var uc *uncheckable
	if _, _, err := selection(createActivity(t), deep); !errors.As(err, &uc) {
		t.Errorf("two levels of nesting: %v", err)
	}
	if _, _, err := selection(nil, data); !errors.As(err, &uc) {
		t.Errorf("no operation: %v", err)
	}
}

func TestSameAs(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		sent, got any
		same      bool
	}{
		{n("9007199254740993"), n("9007199254740992"), false}, // equal as float64
		{n("9007199254740993"), n("9007199254740993"), true},
		{n("3600"), n("3.6e3"), true},
		{n("1.5"), n("1.50"), true},
		{"2024-03-04T10:00:00Z", "2024-03-04T05:00:00-05:00", true},
		{"2024-03-04", "2024-03-05", false},
		{"", nil, true},
		{nil, map[string]any{"id": n("1")}, false},
		{map[string]any{"id": n("3001")}, map[string]any{"id": n("3002")}, false},
		{map[string]any{"id": n("3001")}, map[string]any{"id": n("3001"), "etag": "x"}, true},
		{[]any{n("1"), "a"}, []any{n("1"), "a"}, true},
		{[]any{n("1")}, []any{n("1"), n("2")}, false},
		{true, "true", false},
	}
	for _, tt := range tests {
		if got := sameAs(tt.sent, tt.got); got != tt.same {
			t.Errorf("sameAs(%v, %v) = %v", tt.sent, tt.got, got)
		}
	}
}
