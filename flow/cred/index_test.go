package cred

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIndexUnusableIsLeftUntouched(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"corrupt", "version: 1\ncredentials: [ {name: firm\n", "not a valid credentials index"},
		{"newer", "version: 2\ncredentials: []\n", "newer cliodest (index version 2"},
		{"no version", "credentials: []\n", "no valid \"version\""},
		{"unknown field", "version: 1\nsecret: x\n", "not a valid credentials index"},
		{"bad kind", "version: 1\ncredentials:\n- {name: a, kind: magic, region: us, storage: keyring}\n", `kind "magic"`},
		{"bad region", "version: 1\ncredentials:\n- {name: a, kind: token, region: mars, storage: keyring}\n", "unknown Clio region"},
		{"duplicate", "version: 1\ncredentials:\n- {name: a, kind: token, region: us, storage: keyring}\n- {name: a, kind: token, region: ca, storage: keyring}\n", "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, IndexFile)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			s, _ := newTestStore(t, Options{Dir: dir})
			_, err := s.List()
			var ie *IndexError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("List error = %v, want %q naming %s", err, tt.want, path)
			}
			access, _ := fake.issue()
			if _, err := s.Login(context.Background(), LoginOptions{Name: "new", Host: host, Kind: KindToken, Token: access}); !errors.As(err, &ie) {
				t.Errorf("Login over an unusable index: %v", err)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, []byte(tt.content)) {
				t.Errorf("index changed to %q", got)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("stray files left: %v", entries)
			}
		})
	}
}

func TestIndexRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", IndexFile)
	in := []Credential{
		{Name: "zeta", Region: "eu", Kind: KindToken, Storage: StorageKeyring, User: User{ID: 1, Name: "Z"}},
		{Name: "alpha", BaseURL: "http://127.0.0.1:9000", Kind: KindOAuth, ClientID: "cid", Storage: StorageFile},
	}
	if err := saveIndex(path, in); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "version: 1") {
		t.Errorf("no version field:\n%s", data)
	}
	out, err := loadIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].Name != "alpha" || out[1] != in[0] {
		t.Errorf("round trip = %+v", out)
	}
	if empty, err := loadIndex(filepath.Join(dir, "missing.yaml")); err != nil || empty != nil {
		t.Errorf("missing index = %v, %v", empty, err)
	}
}

// TestIndexHeaderSaysWhereSecretsAre: credentials.yaml's first line does not
// claim the OS keyring for secrets kept in secrets.insecure.json.
func TestIndexHeaderSaysWhereSecretsAre(t *testing.T) {
	kr := Credential{Name: "a", Storage: StorageKeyring}
	fi := Credential{Name: "b", Storage: StorageFile}
	for _, tt := range []struct {
		creds        []Credential
		want, absent string
	}{
		{[]Credential{kr}, "Secrets live in the OS keyring.", SecretsFile},
		{[]Credential{fi}, "unencrypted in " + SecretsFile, "Secrets live in the OS keyring"},
		{[]Credential{kr, fi}, "OS keyring, and for the credentials with storage: file unencrypted in " + SecretsFile, "\n#"},
	} {
		path := filepath.Join(t.TempDir(), "credentials.yaml")
		if err := saveIndex(path, tt.creds); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(data), "\n")
		if !strings.Contains(head, tt.want) || strings.Contains(head, tt.absent) {
			t.Errorf("%d credential(s): header %q, want %q without %q", len(tt.creds), head, tt.want, tt.absent)
		}
	}
}
