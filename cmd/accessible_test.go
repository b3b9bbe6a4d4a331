package cmd

import "testing"

func TestAccessibleOn(t *testing.T) {
	tests := []struct {
		name string
		flag bool
		env  map[string]string
		want bool
	}{
		{"default", false, nil, false},
		{"flag", true, nil, true},
		{"ACCESSIBLE=1", false, map[string]string{"ACCESSIBLE": "1"}, true},
		{"ACCESSIBLE=yes counts like NO_COLOR", false, map[string]string{"ACCESSIBLE": "yes"}, true},
		{"ACCESSIBLE=0", false, map[string]string{"ACCESSIBLE": "0"}, false},
		{"ACCESSIBLE=false beats TERM=dumb", false, map[string]string{"ACCESSIBLE": "false", "TERM": "dumb"}, false},
		{"TERM=dumb", false, map[string]string{"TERM": "dumb"}, true},
		{"TERM=xterm", false, map[string]string{"TERM": "xterm-256color"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tio := newTestFactory(t, tt.env)
			tio.f.Accessible = tt.flag
			if got := accessibleOn(tio.f); got != tt.want {
				t.Errorf("accessibleOn = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAccessibleFlagParses(t *testing.T) {
	tio := newTestFactory(t, nil)
	code := run(tio.f, []string{"--accessible", "version"})
	if code != 0 || !tio.f.Accessible {
		t.Errorf("--accessible version: exit %d, Accessible %v; want 0 and true", code, tio.f.Accessible)
	}
}
