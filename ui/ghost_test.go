package ui

import (
	"path/filepath"
	"strings"
	"testing"
)

// toAdvancedURL walks to the Endpoint step, picks Advanced and focuses
// the URL field.
func toAdvancedURL(t *testing.T, m *model, f *fixture) {
	t.Helper()
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter") // check and on
	if m.cur != stepEndpoint {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	press(t, m, "right", "down", "down", "down")
}

// The grey completion after what was typed is what enter keeps: without
// colours it cannot be told from typed text, so keeping only the typed
// part would surprise.
func TestEnterTakesShownCompletion(t *testing.T) {
	tests := []struct {
		name, typed, want string
		enters            int
	}{
		{"completion shown", "/api/v4/act", "/api/v4/activities.json", 1},
		{"nothing to complete", "/api/v4/zzz", "/api/v4/zzz", 1},
		{"second enter goes on", "/api/v4/act", "/api/v4/activities.json", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newOfflineFixture(t)
			m := newTestModel(t, f.options(), 140, 45)
			toAdvancedURL(t, m, f)
			typeText(t, m, tc.typed)
			for range tc.enters {
				press(t, m, "enter")
			}
			es := m.steps[stepEndpoint].(*endpointStep)
			if got := es.fm.get("url").value(); got != tc.want {
				t.Errorf("url = %q, want %q", got, tc.want)
			}
			if got := m.d.Endpoint.URL; got != tc.want {
				t.Errorf("destination url = %q, want %q", got, tc.want)
			}
			stay := tc.typed == "/api/v4/act" && tc.enters == 1
			if onURL := es.fm.focused().id == "url"; onURL != stay {
				t.Errorf("focus on url = %v, want %v", onURL, stay)
			}
		})
	}
}

func TestFooterNamesSuggestionKeys(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	toAdvancedURL(t, m, f)
	typeText(t, m, "/api/v4/act")
	if s := screen(m); !strings.Contains(s, "tab/enter take suggestion") || strings.Contains(s, "enter next") {
		t.Errorf("footer does not say how to take the suggestion:\n%s", s)
	}
	press(t, m, "enter")
	s := screen(m)
	if strings.Contains(s, "take suggestion") || !strings.Contains(s, "tab complete") || !strings.Contains(s, "enter next") {
		t.Errorf("footer after taking it:\n%s", s)
	}
	press(t, m, "up", "up") // content format: a choice
	if s := screen(m); !strings.Contains(s, "←/→ choose") {
		t.Errorf("footer on a choice lacks ←/→:\n%s", s)
	}
}

func TestNexsetEnterTakesShownFile(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	typeText(t, m, filepath.Join(f.dir, "entr"))
	press(t, m, "enter")
	if got := m.steps[stepNexset].(*nexsetStep).loaded; got != f.nexset {
		t.Fatalf("loaded %q, want %q:\n%s", got, f.nexset, screen(m))
	}
}
