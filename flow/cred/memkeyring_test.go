package cred

import (
	"errors"
	"testing"
)

func TestMemoryKeyring(t *testing.T) {
	var k MemoryKeyring
	var _ Keyring = &k
	if _, err := k.Get("cliodest", "a"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get on empty: %v", err)
	}
	if err := k.Set("cliodest", "a", "s1"); err != nil {
		t.Fatal(err)
	}
	if s, err := k.Get("cliodest", "a"); err != nil || s != "s1" {
		t.Fatalf("Get = %q, %v", s, err)
	}
	if _, err := k.Get("other", "a"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("services are separate: %v", err)
	}
	if err := k.Delete("cliodest", "a"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete("cliodest", "a"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("second Delete: %v", err)
	}
}
