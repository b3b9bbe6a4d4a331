package cmd

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigDir(t *testing.T) {
	userDir := func() (string, error) { return "/home/ann/.config", nil }
	noUserDir := func() (string, error) { return "", errors.New("$HOME is not defined") }
	abs, err := filepath.Abs("rel/dir")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		user    func() (string, error)
		want    string
		wantErr string
	}{
		{"default", nil, userDir, filepath.Join("/home/ann/.config", "cliodest"), ""},
		{"override", map[string]string{"CLIODEST_CONFIG_DIR": "/tmp/cfg"}, noUserDir, "/tmp/cfg", ""},
		{"relative override made absolute", map[string]string{"CLIODEST_CONFIG_DIR": "rel/dir"}, userDir, abs, ""},
		{"no home", nil, noUserDir, "", "CLIODEST_CONFIG_DIR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := configDir(func(k string) string { return tt.env[k] }, tt.user)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("configDir error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("configDir = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestTokenReadOnceAndTrimmed(t *testing.T) {
	calls := 0
	f := &Factory{Env: func(k string) string {
		if k == "CLIODEST_TOKEN" {
			calls++
			return "  tok-123\n"
		}
		return ""
	}}
	f.fillDefaults()
	for range 3 {
		if got := f.Token(); got != "tok-123" {
			t.Fatalf("Token() = %q, want tok-123", got)
		}
	}
	if calls != 1 {
		t.Fatalf("CLIODEST_TOKEN read %d times, want once", calls)
	}
}

func TestResolveBaseURL(t *testing.T) {
	tests := []struct {
		name     string
		flag     string
		env      string
		wantOK   bool
		wantHost string
		wantErr  string
	}{
		{"unset", "", "", false, "", ""},
		{"flag", "http://127.0.0.1:8765/", "", true, "http://127.0.0.1:8765", ""},
		{"env", "", "https://clio.proxy.example/api/v4", true, "https://clio.proxy.example", ""},
		{"flag wins over env", "http://localhost:9", "https://other.example", true, "http://localhost:9", ""},
		{"bad flag names the flag", "ftp://x", "", false, "", "--base-url"},
		{"bad env names the variable", "", "http://clio.example", false, "", "CLIODEST_BASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok, err := resolveBaseURL(tt.flag, func(k string) string {
				if k == "CLIODEST_BASE_URL" {
					return tt.env
				}
				return ""
			})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(err) != exitUsage {
					t.Fatalf("error = %v (code %d), want a usage error naming %s", err, exitCode(err), tt.wantErr)
				}
				return
			}
			if err != nil || ok != tt.wantOK {
				t.Fatalf("resolveBaseURL = %v, %v, %v", h, ok, err)
			}
			if ok && h.String() != tt.wantHost {
				t.Fatalf("host = %s, want %s", h, tt.wantHost)
			}
		})
	}
}
