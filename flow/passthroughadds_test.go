package flow

import (
	"reflect"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// TestPassthroughAdds: the notes of Journey B with three columns nobody
// mapped: passthrough adds exactly those, whether it is on or off now.
func TestPassthroughAdds(t *testing.T) {
	d := New("notes")
	d.Nexset.Path = "calls.jsonl"
	d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/notes.json"}
	d.Mapping = []Mapping{{Target: "subject", Source: "subject"}, {Target: "detail", Source: "detail"}, {Target: "matter.id", Source: "matter_id"}}
	recs := []nexset.Record{rec(1, map[string]any{"subject": "Call", "detail": "x", "matter_id": int64(7), "call_id": int64(1), "caller": "Ann", "duration_min": int64(5)})}
	want := []string{"call_id", "caller", "duration_min"}
	for _, pass := range []bool{true, false} {
		d.Passthrough = &pass
		got, err := PassthroughAdds(d, recs)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("passthrough %v: %v, %v; want %v", pass, got, err, want)
		}
	}
}
