package cred

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
)

func TestResolve(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	s, _ := newTestStore(t, Options{})
	empty, _ := newTestStore(t, Options{})
	access, _ := fake.issue()
	if _, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: access}); err != nil {
		t.Fatal(err)
	}
	us, _ := clio.RegionHost("us")
	other, _ := clio.ParseBaseURL("http://127.0.0.1:1")
	tests := []struct {
		name      string
		store     *Store
		cred, env string
		base      clio.Host
		hasBase   bool
		wantHost  clio.Host
		wantToken string
		wantLabel string
		wantErr   string
		errAs     any
	}{
		{name: "env token goes to us", store: s, env: "envtok", wantHost: us, wantToken: "envtok", wantLabel: "CLIODEST_TOKEN (us)"},
		{name: "env token with base url", store: s, cred: "firm", env: "envtok", base: other, hasBase: true, wantHost: other, wantToken: "envtok"},
		{name: "saved", store: s, cred: "firm", wantHost: host, wantToken: access, wantLabel: "firm (" + host.String() + ", Jane Doe)"},
		{name: "only one saved", store: s, wantHost: host, wantToken: access},
		{name: "same base url", store: s, cred: "firm", base: host, hasBase: true, wantHost: host, wantToken: access},
		{name: "other base url", store: s, cred: "firm", base: other, hasBase: true,
			wantErr: "belongs to " + host.String() + "; its token is never sent to http://127.0.0.1:1", errAs: new(*HostMismatchError)},
		{name: "unknown", store: s, cred: "nope", wantErr: `no credential named "nope"`, errAs: new(*NotFoundError)},
		{name: "none saved", store: empty, wantErr: "cliodest login", errAs: new(*UsageError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, h, label, err := Resolve(context.Background(), tt.store, tt.cred, tt.env, tt.base, tt.hasBase)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, tt.errAs) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h.String() != tt.wantHost.String() {
				t.Errorf("host = %s, want %s", h, tt.wantHost)
			}
			if tt.wantLabel != "" && label != tt.wantLabel {
				t.Errorf("label = %q, want %q", label, tt.wantLabel)
			}
			tok, err := ts.Token()
			if err != nil || tok.AccessToken != tt.wantToken {
				t.Errorf("token = %v, %v", tok, err)
			}
		})
	}
}

func TestResolveSeveralSavedNeedsName(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	s, _ := newTestStore(t, Options{})
	for _, n := range []string{"a", "b"} {
		access, _ := fake.issue()
		if _, err := s.Login(context.Background(), LoginOptions{Name: n, Host: host, Kind: KindToken, Token: access}); err != nil {
			t.Fatal(err)
		}
	}
	_, _, _, err := Resolve(context.Background(), s, "", "", clio.Host{}, false)
	if err == nil || !strings.Contains(err.Error(), "a, b") {
		t.Errorf("error = %v", err)
	}
}
