package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// A request to a path Clio does not publish is sent unchecked; its sample
// must say so rather than pass for accepted.
func TestSamplesSayWhenUnchecked(t *testing.T) {
	tests := []struct {
		name, url     string
		wantUnchecked string
	}{
		{name: "published path", url: "/api/v4/notes.json"},
		{name: "unpublished path", url: "/api/v4/widgets/{record.id}.json?x=1", wantUnchecked: "POST /api/v4/widgets/9.json is not in Clio's published API v4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New("a")
			d.Nexset.Path = "n.jsonl"
			d.Endpoint = Endpoint{Method: "POST", URL: tt.url}
			ss := mustPlan(t, d).Samples([]nexset.Record{rec(1, map[string]any{"id": int64(9), "subject": "s"})}, 3)
			if len(ss) != 1 {
				t.Fatalf("%d samples", len(ss))
			}
			got := ss[0].Unchecked
			if tt.wantUnchecked == "" && got != "" || !strings.Contains(got, tt.wantUnchecked) {
				t.Errorf("Unchecked = %q, want %q", got, tt.wantUnchecked)
			}
		})
	}
}
