package clio

import (
	"net/url"
	"strings"
	"testing"
)

func TestRegionHost(t *testing.T) {
	tests := []struct {
		region, root, api, token string
		wantErr                  bool
	}{
		{"us", "https://app.clio.com", "https://app.clio.com/api/v4", "https://app.clio.com/oauth/token", false},
		{"ca", "https://ca.app.clio.com", "https://ca.app.clio.com/api/v4", "https://ca.app.clio.com/oauth/token", false},
		{"eu", "https://eu.app.clio.com", "https://eu.app.clio.com/api/v4", "https://eu.app.clio.com/oauth/token", false},
		{"au", "https://au.app.clio.com", "https://au.app.clio.com/api/v4", "https://au.app.clio.com/oauth/token", false},
		{" EU ", "https://eu.app.clio.com", "https://eu.app.clio.com/api/v4", "https://eu.app.clio.com/oauth/token", false},
		{"uk", "", "", "", true},
		{"", "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			h, err := RegionHost(tt.region)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("RegionHost(%q) = %v, want an error", tt.region, h)
				}
				for _, want := range []string{tt.region, "us, ca, eu, au"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not mention %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h.String() != tt.root || h.APIBase() != tt.api || h.OAuthURL("token") != tt.token {
				t.Errorf("got %s %s %s", h, h.APIBase(), h.OAuthURL("token"))
			}
			if got := h.Region(); got != strings.ToLower(strings.TrimSpace(tt.region)) {
				t.Errorf("Region() = %q", got)
			}
		})
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		raw    string
		want   string // Root; "" when an error is expected
		errHas string
		region string
	}{
		{"https://app.clio.com", "https://app.clio.com", "", "us"},
		{"https://app.clio.com/", "https://app.clio.com", "", "us"},
		{"https://app.clio.com/api/v4", "https://app.clio.com", "", "us"},
		{"https://app.clio.com/api/v4/", "https://app.clio.com", "", "us"},
		{"HTTPS://EU.App.Clio.com:443", "https://eu.app.clio.com:443", "", "eu"},
		{"https://proxy.example:8443", "https://proxy.example:8443", "", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", "", ""},
		{"http://127.1.2.3:9", "http://127.1.2.3:9", "", ""},
		{"http://localhost:3000/api/v4", "http://localhost:3000", "", ""},
		{"http://[::1]:4000", "http://[::1]:4000", "", ""},
		{"  https://app.clio.com  ", "https://app.clio.com", "", "us"},
		{"", "", "empty", ""},
		{"   ", "", "empty", ""},
		{"app.clio.com", "", "not absolute", ""},
		{"/api/v4", "", "not absolute", ""},
		{"ftp://app.clio.com", "", `scheme "ftp"`, ""},
		{"mailto:x@y.z", "", "not absolute", ""},
		{"https://app.clio.com?x=1", "", "query", ""},
		{"https://app.clio.com/?", "", "query", ""},
		{"https://app.clio.com#frag", "", "fragment", ""},
		{"https://app.clio.com/#", "", "fragment", ""},
		{"https://user:pw@app.clio.com", "", "user info", ""},
		{"https://app.clio.com/clio", "", `path "/clio"`, ""},
		{"https://app.clio.com/api/v4/tasks.json", "", "path", ""},
		{"http://app.clio.com", "", "plain HTTP only to loopback", ""},
		{"http://10.0.0.1:8080", "", "plain HTTP only to loopback", ""},
		{"http://localhost.evil.example", "", "plain HTTP only to loopback", ""},
		{"http://127.0.0.1.nip.io", "", "plain HTTP only to loopback", ""},
		{"https://:443", "", "no host", ""},
		{"https://app.clio.com:99999", "", "port", ""},
		{"https://app.clio.com:0", "", "port", ""},
		{"http://%zz", "", "not a valid URL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			h, err := ParseBaseURL(tt.raw)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("ParseBaseURL(%q) = %v, want an error", tt.raw, h)
				}
				if !strings.Contains(err.Error(), tt.errHas) {
					t.Errorf("error %q does not contain %q", err, tt.errHas)
				}
				if strings.Contains(tt.raw, "user:pw@") {
					if strings.Contains(err.Error(), "pw@") {
						t.Errorf("error %q repeats the password", err)
					}
					return
				}
				if strings.TrimSpace(tt.raw) != "" && !strings.Contains(err.Error(), tt.raw) {
					t.Errorf("error %q does not name the value %q", err, tt.raw)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBaseURL(%q): %v", tt.raw, err)
			}
			if h.String() != tt.want {
				t.Errorf("root %q, want %q", h.String(), tt.want)
			}
			if h.APIBase() != tt.want+"/api/v4" {
				t.Errorf("APIBase %q", h.APIBase())
			}
			if h.Region() != tt.region {
				t.Errorf("Region %q, want %q", h.Region(), tt.region)
			}
		})
	}
}

func TestHostSame(t *testing.T) {
	h, err := ParseBaseURL("https://app.clio.com")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		u    string
		want bool
	}{
		{"https://app.clio.com/api/v4/x.json?page_token=1", true},
		{"https://APP.clio.com:443/", true},
		{"https://app.clio.com./", true},
		{"http://app.clio.com/", false},
		{"https://app.clio.com:444/", false},
		{"https://eu.app.clio.com/", false},
		{"https://app.clio.com.evil.example/", false},
		{"/api/v4/x.json", false},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.u)
		if err != nil {
			t.Fatal(err)
		}
		if got := h.Same(u); got != tt.want {
			t.Errorf("Same(%s) = %v, want %v", tt.u, got, tt.want)
		}
	}
	if h.Same(nil) || (Host{}).Same(u(t, "https://app.clio.com")) {
		t.Error("nil URL or zero Host must never match")
	}
	if (Host{}).String() != "" || (Host{}).Region() != "" {
		t.Error("zero Host must render empty")
	}
}

func u(t *testing.T, raw string) *url.URL {
	t.Helper()
	p, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func FuzzParseBaseURL(f *testing.F) {
	for _, s := range []string{"https://app.clio.com", "http://127.0.0.1:1/api/v4/", "http://[::1]", "https://a:b@c", "javascript:alert(1)", "http://localhost#x", "https://x/%2e%2e/api/v4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		h, err := ParseBaseURL(raw)
		if err != nil {
			return
		}
		r := h.Root
		if r.Path != "" || r.RawQuery != "" || r.Fragment != "" || r.User != nil {
			t.Fatalf("ParseBaseURL(%q) kept more than scheme and host: %#v", raw, r)
		}
		if r.Scheme != "https" && !(r.Scheme == "http" && isLoopback(strings.ToLower(r.Hostname()))) {
			t.Fatalf("ParseBaseURL(%q) accepted %s", raw, h)
		}
		again, err := ParseBaseURL(h.String())
		if err != nil || again.String() != h.String() {
			t.Fatalf("round trip of %q: %v %v", h, again, err)
		}
		if !h.Same(r) {
			t.Fatalf("%s is not Same as itself", h)
		}
	})
}
