package cred

import "sync"

// MemoryKeyring keeps secrets in this process's memory only: for the demo,
// whose throw-away credential must never reach the user's real keyring, and
// for tests. The zero value is ready to use.
type MemoryKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func memKey(service, user string) string { return service + "\x00" + user }

// Set stores a secret.
func (k *MemoryKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[memKey(service, user)] = secret
	return nil
}

// Get returns a secret, or ErrSecretNotFound.
func (k *MemoryKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.m[memKey(service, user)]
	if !ok {
		return "", ErrSecretNotFound
	}
	return s, nil
}

// Delete removes a secret, or answers ErrSecretNotFound.
func (k *MemoryKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.m[memKey(service, user)]; !ok {
		return ErrSecretNotFound
	}
	delete(k.m, memKey(service, user))
	return nil
}
