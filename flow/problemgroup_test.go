package flow

import "testing"

func TestListShort(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"4"}, "4"},
		{[]string{"1", "2", "3"}, "1–3"},
		{[]string{"1", "3", "4", "9"}, "1, 3–4, 9"},
		{[]string{"1", "3", "5", "7", "9", "11", "13", "15"}, "1, 3, 5, …, 13, 15"},
	}
	for _, tt := range tests {
		if got := listShort(tt.in); got != tt.want {
			t.Errorf("listShort(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
