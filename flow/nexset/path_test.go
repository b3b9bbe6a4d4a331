package nexset

import (
	"reflect"
	"testing"
)

func sample() map[string]any {
	return map[string]any{
		"a":      int64(1),
		"matter": map[string]any{"id": int64(7), "client": map[string]any{"name": "Acme"}},
		"x.y":    "literal dotted key",
		"list":   []any{int64(1)},
	}
}

func TestGet(t *testing.T) {
	tests := []struct {
		path string
		want any
		ok   bool
	}{
		{"a", int64(1), true},
		{"matter.id", int64(7), true},
		{"matter.client.name", "Acme", true},
		{"matter.client", map[string]any{"name": "Acme"}, true},
		{"x.y", "literal dotted key", true},
		{"matter.nope", nil, false},
		{"a.b", nil, false},
		{"list.0", nil, false},
		{"", nil, false},
	}
	for _, tt := range tests {
		got, ok := Get(sample(), tt.path)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Get(%q) = %v, %v; want %v, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name, path string
		v          any
		check      string
	}{
		{"new top", "b", "v", "b"},
		{"into existing", "matter.number", "M-1", "matter.number"},
		{"creates parents", "user.profile.id", int64(3), "user.profile.id"},
		{"replaces a scalar parent", "a.b", true, "a.b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sample()
			Set(m, tt.path, tt.v)
			if got, ok := Get(m, tt.check); !ok || !reflect.DeepEqual(got, tt.v) {
				t.Errorf("after Set(%q), Get = %v, %v", tt.path, got, ok)
			}
			if got, _ := Get(m, "matter.id"); got != int64(7) {
				t.Errorf("Set disturbed matter.id: %v", got)
			}
		})
	}
}

func TestDelete(t *testing.T) {
	tests := []struct {
		path string
		ok   bool
		want map[string]any
	}{
		{"a", true, map[string]any{"matter": map[string]any{"id": int64(7), "client": map[string]any{"name": "Acme"}}, "x.y": "literal dotted key", "list": []any{int64(1)}}},
		{"matter.client.name", true, map[string]any{"a": int64(1), "matter": map[string]any{"id": int64(7)}, "x.y": "literal dotted key", "list": []any{int64(1)}}},
		{"x.y", true, map[string]any{"a": int64(1), "matter": map[string]any{"id": int64(7), "client": map[string]any{"name": "Acme"}}, "list": []any{int64(1)}}},
		{"matter.zzz", false, sample()},
		{"nope", false, sample()},
	}
	for _, tt := range tests {
		m := sample()
		if ok := Delete(m, tt.path); ok != tt.ok || !reflect.DeepEqual(m, tt.want) {
			t.Errorf("Delete(%q) = %v, left %v; want %v, %v", tt.path, ok, m, tt.ok, tt.want)
		}
	}
}

func TestDeletePrunesEmptiedParents(t *testing.T) {
	m := map[string]any{"matter": map[string]any{"id": int64(7)}, "keep": map[string]any{}}
	if !Delete(m, "matter.id") {
		t.Fatal("Delete reported nothing removed")
	}
	if _, ok := m["matter"]; ok {
		t.Errorf("emptied parent left behind: %v", m)
	}
	if _, ok := m["keep"]; !ok {
		t.Errorf("an object that was empty already must stay: %v", m)
	}
}
