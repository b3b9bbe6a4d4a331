package cred

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
)

// TestResolveMissing: no credential saved, or the one named gone, is a
// *MissingError that says how to provide one — and still the store's
// *UsageError / *NotFoundError for callers that look for those.
func TestResolveMissing(t *testing.T) {
	mockKeyring(t)
	empty, _ := newTestStore(t, Options{})
	tests := []struct {
		name, cred, want string
		inner            any
	}{
		{"none saved", "", `no Clio credential saved: run "cliodest login --name NAME" to save one, or set CLIODEST_TOKEN`, new(*UsageError)},
		{"named one gone", "firm", `no credential named "firm" is saved on this machine: save it with "cliodest login --name firm", use one that is (cliodest credentials list), or set CLIODEST_TOKEN`, new(*NotFoundError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := Resolve(context.Background(), empty, tt.cred, "", clio.Host{}, false)
			var me *MissingError
			if !errors.As(err, &me) || me.Name != tt.cred {
				t.Fatalf("error %v (%T), want a *MissingError for %q", err, err, tt.cred)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if !errors.As(err, tt.inner) {
				t.Errorf("error %v does not wrap %T", err, tt.inner)
			}
		})
	}
}
