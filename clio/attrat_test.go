package clio

import "testing"

func TestAttrAt(t *testing.T) {
	id := &Attr{Name: "id", Type: "integer"}
	data := &Attr{Type: "object", Props: []*Attr{{Name: "matter", Type: "object", Props: []*Attr{id}}, {Name: "note", Type: "string"}}}
	tests := []struct {
		path string
		want *Attr
	}{
		{"matter.id", id},
		{"note", data.Props[1]},
		{"matter.nope", nil},
		{"note.deeper", nil},
	}
	for _, tc := range tests {
		if got := data.At(tc.path); got != tc.want {
			t.Errorf("At(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
	if got := (*Attr)(nil).At("matter"); got != nil {
		t.Errorf("nil.At = %v, want nil", got)
	}
}
