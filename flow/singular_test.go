package flow

import "testing"

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{"activities": "activity", "tasks": "task", "notes": "note", "x": "x"} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
}
