package cred

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
)

// SecretsFile holds secrets under --insecure-storage, unencrypted, mode 0600.
const SecretsFile = "secrets.insecure.json"

// fileKeyring is the Keyring used for --insecure-storage: a JSON map from
// "service/user" to secret in one 0600 file, rewritten atomically.
type fileKeyring struct {
	path string
	mu   sync.Mutex
}

func (f *fileKeyring) load() (map[string]string, error) {
	data, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.path, err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s is corrupt (fix or remove it, then log in again): %w", f.path, err)
	}
	return m, nil
}

func (f *fileKeyring) save(m map[string]string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", f.path, err)
	}
	return writeFileAtomic(f.path, data)
}

func (f *fileKeyring) Set(service, user, secret string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return err
	}
	m[service+"/"+user] = secret
	return f.save(m)
}

func (f *fileKeyring) Get(service, user string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return "", err
	}
	s, ok := m[service+"/"+user]
	if !ok {
		return "", ErrSecretNotFound
	}
	return s, nil
}

func (f *fileKeyring) Delete(service, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load()
	if err != nil {
		return err
	}
	if _, ok := m[service+"/"+user]; !ok {
		return ErrSecretNotFound
	}
	delete(m, service+"/"+user)
	if len(m) == 0 {
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", f.path, err)
		}
		return nil
	}
	return f.save(m)
}
