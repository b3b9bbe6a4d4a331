package cred

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Options configures a Store.
type Options struct {
	// Dir is the config directory holding the index (cmd picks it: $CLIODEST_CONFIG_DIR or the OS config dir).
	Dir string
	// Keyring is the secure secret storage; nil means SystemKeyring. Every
	// call goes through WithTimeout(Keyring, KeyringTimeout).
	Keyring        Keyring
	KeyringTimeout time.Duration
	// Warn receives warnings (insecure storage in use, a refreshed token that
	// could not be saved); nil discards them.
	Warn io.Writer
	// Now is the clock for created/last-checked times; nil means time.Now.
	Now func() time.Time
	// HTTPClient carries every call to Clio (who_am_i, token refresh,
	// deauthorize); nil means http.DefaultClient.
	HTTPClient *http.Client
	UserAgent  string
}

// Store is the set of saved credentials in one config directory.
type Store struct {
	dir     string
	keyring Keyring
	file    *fileKeyring
	warn    io.Writer
	now     func() time.Time
	client  *http.Client
	agent   string

	mu     sync.Mutex // guards the index read-modify-write and warned
	warned map[string]bool
}

// NewStore opens the store in o.Dir. Nothing is read until it is used.
func NewStore(o Options) *Store {
	k := o.Keyring
	if k == nil {
		k = SystemKeyring()
	}
	s := &Store{
		dir:     o.Dir,
		keyring: WithTimeout(k, o.KeyringTimeout),
		file:    &fileKeyring{path: filepath.Join(o.Dir, SecretsFile)},
		warn:    o.Warn,
		now:     o.Now,
		client:  o.HTTPClient,
		agent:   o.UserAgent,
		warned:  map[string]bool{},
	}
	if s.warn == nil {
		s.warn = io.Discard
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Dir is the config directory.
func (s *Store) Dir() string { return s.dir }

// IndexPath is the path of the credentials index.
func (s *Store) IndexPath() string { return filepath.Join(s.dir, IndexFile) }

// List returns the saved credentials sorted by name.
func (s *Store) List() ([]Credential, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	creds, err := loadIndex(s.IndexPath())
	if err != nil {
		return nil, err
	}
	slices.SortFunc(creds, byName)
	return creds, nil
}

// Get returns the credential called name, or a *NotFoundError.
func (s *Store) Get(name string) (Credential, error) {
	creds, err := s.List()
	if err != nil {
		return Credential{}, err
	}
	for _, c := range creds {
		if c.Name == name {
			return c, nil
		}
	}
	return Credential{}, &NotFoundError{Name: name}
}

// update applies fn to the index under the lock and writes it back.
func (s *Store) update(fn func([]Credential) ([]Credential, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	creds, err := loadIndex(s.IndexPath())
	if err != nil {
		return err
	}
	creds, err = fn(creds)
	if err != nil {
		return err
	}
	return saveIndex(s.IndexPath(), creds)
}

// put inserts or replaces c in the index.
func (s *Store) put(c Credential) error {
	return s.update(func(creds []Credential) ([]Credential, error) {
		creds = slices.DeleteFunc(creds, func(x Credential) bool { return x.Name == c.Name })
		return append(creds, c), nil
	})
}

// touch records a successful check of name.
func (s *Store) touch(name string, u User) error {
	return s.update(func(creds []Credential) ([]Credential, error) {
		i := slices.IndexFunc(creds, func(x Credential) bool { return x.Name == name })
		if i < 0 {
			return nil, &NotFoundError{Name: name}
		}
		creds[i].User = u
		creds[i].LastChecked = s.now().UTC().Truncate(time.Second)
		return creds, nil
	})
}

// secrets returns the Keyring that holds c's secrets, warning once per
// credential when that is the insecure file.
func (s *Store) secrets(c Credential) Keyring {
	if c.Storage == StorageFile {
		s.mu.Lock()
		first := !s.warned[c.Name]
		s.warned[c.Name] = true
		s.mu.Unlock()
		if first {
			fmt.Fprintf(s.warn, "warning: credential %q is stored unencrypted in %s (--insecure-storage), not in the OS keyring\n",
				c.Name, s.file.path)
		}
		return s.file
	}
	return s.keyring
}

// readSecret loads c's secrets from where they live.
func (s *Store) readSecret(c Credential) (Secret, error) {
	raw, err := s.secrets(c).Get(Service, c.Name)
	if errors.Is(err, ErrSecretNotFound) {
		return Secret{}, &ReloginError{Name: c.Name, Reason: fmt.Sprintf("its secrets are missing from the %s", storageWords(c.Storage))}
	}
	if err != nil {
		return Secret{}, fmt.Errorf("credential %q: read its secrets from the %s: %w", c.Name, storageWords(c.Storage), err)
	}
	var sec Secret
	if err := json.Unmarshal([]byte(raw), &sec); err != nil {
		// Never quote raw: it is the secret.
		return Secret{}, &ReloginError{Name: c.Name, Reason: fmt.Sprintf("its secrets in the %s are unreadable", storageWords(c.Storage))}
	}
	return sec, nil
}

// writeSecret stores sec for c.
func (s *Store) writeSecret(c Credential, sec Secret) error {
	raw, err := json.Marshal(sec)
	if err != nil {
		return fmt.Errorf("credential %q: encode secrets: %w", c.Name, err)
	}
	if err := s.secrets(c).Set(Service, c.Name, string(raw)); err != nil {
		if c.Storage == StorageKeyring {
			return &KeyringUnavailableError{Dir: s.dir, Err: err}
		}
		return fmt.Errorf("credential %q: save secrets: %w", c.Name, err)
	}
	return nil
}

func storageWords(st Storage) string {
	if st == StorageFile {
		return "insecure secrets file"
	}
	return "OS keyring"
}

// ProbeKeyring reports whether the OS keyring answers, as a
// *KeyringUnavailableError when it does not. It only reads.
func (s *Store) ProbeKeyring() error {
	_, err := s.keyring.Get(Service, "cliodest-probe")
	if err == nil || errors.Is(err, ErrSecretNotFound) {
		return nil
	}
	return &KeyringUnavailableError{Dir: s.dir, Err: err}
}

// Removed reports what Remove did.
type Removed struct {
	Credential Credential
	// Revoked is true when Clio confirmed the token's revocation; RevokeErr
	// says why not otherwise (the local copy is deleted either way).
	Revoked   bool
	RevokeErr error
}

// Remove revokes name's token at Clio where possible and deletes its
// secrets and index entry.
func (s *Store) Remove(ctx context.Context, name string) (Removed, error) {
	c, err := s.Get(name)
	if err != nil {
		return Removed{}, err
	}
	out := Removed{Credential: c}
	sec, secErr := s.readSecret(c)
	switch {
	case secErr != nil:
		out.RevokeErr = secErr
	case sec.AccessToken == "":
		out.RevokeErr = errors.New("no token to revoke")
	default:
		if err := s.deauthorize(ctx, c, sec.AccessToken); err != nil {
			out.RevokeErr = err
		} else {
			out.Revoked = true
		}
	}
	if err := s.secrets(c).Delete(Service, c.Name); err != nil && !errors.Is(err, ErrSecretNotFound) {
		return out, fmt.Errorf("credential %q: delete its secrets from the %s: %w", name, storageWords(c.Storage), err)
	}
	if err := s.update(func(creds []Credential) ([]Credential, error) {
		return slices.DeleteFunc(creds, func(x Credential) bool { return x.Name == name }), nil
	}); err != nil {
		return out, err
	}
	return out, nil
}

func (s *Store) httpContext(ctx context.Context) context.Context {
	if s.client == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, s.client)
}
