package flow

import (
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"

	"github.com/cliodest/cliodest/flow/nexset"
)

// rec builds a record at position pos, line pos+1 (after a CSV header).
func rec(pos int, fields map[string]any) nexset.Record {
	return nexset.Record{Pos: pos, Line: pos + 1, Fields: fields}
}

func boolp(b bool) *bool { return &b }

// timeEntries is a valid create_activity destination used across tests.
func timeEntries(t *testing.T) *Destination {
	t.Helper()
	d := New("Time entries")
	d.Credential = "firm"
	d.Nexset = NexsetRef{Path: "time.csv", Key: "entry_id"}
	d.Endpoint = Endpoint{Template: CreateActivity}
	d.Mapping = []Mapping{
		{Target: "type", Value: "TimeEntry", Const: true},
		{Target: "date", Source: "work_date", Convert: "date"},
		{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"},
		{Target: "matter.id", Source: "matter_id", Convert: "integer"},
	}
	d.Exclude = []string{"internal_notes"}
	return d
}

func timeRecord(pos int) nexset.Record {
	return rec(pos, map[string]any{"entry_id": "TE-1", "work_date": "03/04/2024", "hours": 1.5, "matter_id": "3001",
		"note": "Drafted the claim", "internal_notes": "SECRET-NOTE", "private": map[string]any{"ssn": "123"}})
}

func mustPlan(t *testing.T, d *Destination) *Planner {
	t.Helper()
	p, err := d.Plan()
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	return p
}

var timeZero = time.Date(2024, 3, 4, 12, 0, 0, 0, time.UTC)

func clioRegion(r string) (clio.Host, error) { return clio.RegionHost(r) }

// taskDest is a create_task destination with the given mapping.
func taskDest(ms ...Mapping) *Destination {
	d := New("Tasks")
	d.Credential = "firm"
	d.Nexset = NexsetRef{Path: "tasks.csv"}
	d.Endpoint = Endpoint{Template: CreateTask}
	d.Mapping = ms
	return d
}
