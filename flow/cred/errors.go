package cred

import (
	"fmt"
	"time"
)

// UsageError is bad input from the user (exit 2 in commands).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// NotFoundError means no credential of that name is saved.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no credential named %q (see \"cliodest credentials list\")", e.Name)
}

// ExistsError means login would overwrite a saved credential.
type ExistsError struct{ Name string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("a credential named %q already exists; pick another --name or pass --force to replace it", e.Name)
}

// IndexError means the credentials index cannot be used; it is left as is.
type IndexError struct {
	Path   string
	Reason string
	Err    error
}

func (e *IndexError) Error() string {
	msg := fmt.Sprintf("credentials index %s: %s", e.Path, e.Reason)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg + " (the file was left untouched)"
}

func (e *IndexError) Unwrap() error { return e.Err }

// KeyringUnavailableError means the OS keyring did not work, so secrets
// cannot be stored safely.
type KeyringUnavailableError struct {
	Dir string // where --insecure-storage would put the secrets
	Err error
}

func (e *KeyringUnavailableError) Error() string {
	return fmt.Sprintf("no usable OS keyring (%v). cliodest keeps Clio tokens only in the keyring "+
		"(on Linux the Secret Service, e.g. gnome-keyring or KeePassXC, over D-Bus). "+
		"Start one, or rerun with --insecure-storage to keep the secrets unencrypted in a 0600 file in %s",
		e.Err, e.Dir)
}

func (e *KeyringUnavailableError) Unwrap() error { return e.Err }

// KeyringTimeoutError means a keyring call did not return in time.
type KeyringTimeoutError struct {
	Op    string
	After time.Duration
}

func (e *KeyringTimeoutError) Error() string {
	return fmt.Sprintf("the OS keyring did not answer %s within %s", e.Op, e.After)
}

// ReloginError means a credential can no longer produce a token; the user
// must log in again.
type ReloginError struct {
	Name   string
	Reason string
	Err    error
}

func (e *ReloginError) Error() string {
	msg := fmt.Sprintf("credential %q: %s", e.Name, e.Reason)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg + fmt.Sprintf("; run \"cliodest login --name %s --force\" again", e.Name)
}

func (e *ReloginError) Unwrap() error { return e.Err }

// HostMismatchError means a credential would be sent to a host that is not
// its own.
type HostMismatchError struct {
	Name        string
	Own, Target string
	Source      string // where the target came from, e.g. "--base-url"
}

func (e *HostMismatchError) Error() string {
	return fmt.Sprintf("credential %q belongs to %s; its token is never sent to %s (%s). "+
		"Log in to that host under another name, or drop %s", e.Name, e.Own, e.Target, e.Source, e.Source)
}
