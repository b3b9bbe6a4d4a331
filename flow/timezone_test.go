package flow

import (
	"strings"
	"testing"
	"time"
)

// Dates and times without an offset are read in the destination's zone: a
// plain due date for a Vancouver firm is midnight there, with its offset
// (standard or daylight time), never the evening before.
func TestConversionsInTimezone(t *testing.T) {
	van, err := time.LoadLocation("America/Vancouver")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		conv string
		in   any
		loc  *time.Location
		want string
	}{
		{"datetime", "2026-12-01", van, "2026-12-01T00:00:00-08:00"},
		{"datetime", "2026-07-01 09:30", van, "2026-07-01T09:30:00-07:00"},
		{"datetime", "2026-12-01T09:00:00Z", van, "2026-12-01T09:00:00Z"}, // an offset given is kept
		{"datetime", int64(1796112000), van, "2026-12-01T00:00:00-08:00"}, // unix seconds: the instant, shown in the zone
		{"datetime:MM/DD/YYYY", "12/01/2026", van, "2026-12-01T00:00:00-08:00"},
		{"datetime:DD.MM.YYYY hh:mm", "01.07.2026 17:00", van, "2026-07-01T17:00:00-07:00"},
		{"date", "2026-12-01", van, "2026-12-01"},
		{"date", int64(1796112000), van, "2026-12-01"}, // 08:00 UTC is still Dec 1 in Vancouver
		{"datetime", "2026-12-01", nil, "2026-12-01T00:00:00Z"},
	}
	for _, tt := range tests {
		got, err := convertFor(tt.conv, tt.in, nil, tt.loc)
		if err != nil || got != tt.want {
			t.Errorf("%s %v in %v = %v, %v; want %s", tt.conv, tt.in, tt.loc, got, err, tt.want)
		}
	}
}

func TestTimezoneChecked(t *testing.T) {
	head := "version: 1\nid: abc\nname: n\nstatus: paused\nnexset: {path: a.jsonl}\ncredential: firm\napi_version: 4.0.10\nendpoint: {template: create_task}\n"
	for _, tt := range []struct{ name, yaml, want string }{
		{"unknown zone", head + "timezone: Pacific/Vancouver\n", `line 9: timezone: "Pacific/Vancouver" is not a time zone`},
		{"local", head + "timezone: Local\n", "line 9: timezone: Local is this machine's zone"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "d.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, want %q", err, tt.want)
			}
		})
	}
	d, err := Parse([]byte(head+"timezone: America/Vancouver\nmapping:\n  - {target: due_at, source: due, convert: datetime}\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d.Location().String() != "America/Vancouver" {
		t.Errorf("Location = %v", d.Location())
	}
	d.Timezone = ""
	var warned bool
	for _, p := range checkConfig(d) {
		warned = warned || (p.Field == "timezone" && p.Warning && strings.Contains(p.Message, "read as UTC"))
	}
	if !warned {
		t.Error("a datetime mapping without a timezone is not warned about")
	}
}
