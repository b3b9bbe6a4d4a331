package cred

import (
	"errors"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name; the account is the credential name.
const Service = "cliodest"

// DefaultKeyringTimeout bounds every keyring call: a hung Secret Service must
// never freeze the program.
const DefaultKeyringTimeout = 3 * time.Second

// ErrSecretNotFound is returned by a Keyring that holds no such secret.
var ErrSecretNotFound = errors.New("secret not found")

// Keyring is the secret storage the store talks to. SystemKeyring is the OS
// one; tests inject fakes (a hanging one, one that fails).
type Keyring interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error) // ErrSecretNotFound when absent
	Delete(service, user string) error        // ErrSecretNotFound when absent
}

// SystemKeyring is the OS keyring through go-keyring (honours
// keyring.MockInit in tests). On Linux and the BSDs it is used only through
// a D-Bus session bus that already exists (see sessionBus); tests that
// install go-keyring's mock set DBUS_SESSION_BUS_ADDRESS to any value.
func SystemKeyring() Keyring { return systemKeyring{} }

type systemKeyring struct{}

func (systemKeyring) Set(service, user, secret string) error {
	if err := sessionBus(); err != nil {
		return err
	}
	return keyring.Set(service, user, secret)
}

func (systemKeyring) Get(service, user string) (string, error) {
	if err := sessionBus(); err != nil {
		return "", err
	}
	s, err := keyring.Get(service, user)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrSecretNotFound
	}
	return s, err
}

func (systemKeyring) Delete(service, user string) error {
	if err := sessionBus(); err != nil {
		return err
	}
	err := keyring.Delete(service, user)
	if errors.Is(err, keyring.ErrNotFound) {
		return ErrSecretNotFound
	}
	return err
}

// WithTimeout bounds each call of k to d. A call that times out keeps running
// in its goroutine (go-keyring cannot be cancelled); its result is dropped.
func WithTimeout(k Keyring, d time.Duration) Keyring {
	if d <= 0 {
		d = DefaultKeyringTimeout
	}
	return timeoutKeyring{k: k, d: d}
}

type timeoutKeyring struct {
	k Keyring
	d time.Duration
}

type keyringResult struct {
	s   string
	err error
}

func (t timeoutKeyring) call(op string, fn func() (string, error)) (string, error) {
	ch := make(chan keyringResult, 1) // buffered: a late answer must not leak a blocked goroutine
	go func() {
		s, err := fn()
		ch <- keyringResult{s, err}
	}()
	timer := time.NewTimer(t.d)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-timer.C:
		return "", &KeyringTimeoutError{Op: op, After: t.d}
	}
}

func (t timeoutKeyring) Set(service, user, secret string) error {
	_, err := t.call("a save", func() (string, error) { return "", t.k.Set(service, user, secret) })
	return err
}

func (t timeoutKeyring) Get(service, user string) (string, error) {
	return t.call("a read", func() (string, error) { return t.k.Get(service, user) })
}

func (t timeoutKeyring) Delete(service, user string) error {
	_, err := t.call("a delete", func() (string, error) { return "", t.k.Delete(service, user) })
	return err
}
