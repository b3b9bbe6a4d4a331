package cred

import (
	"fmt"
	"regexp"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// Kind says how a credential was obtained.
type Kind string

const (
	// KindOAuth is a browser login with a developer app: refreshable.
	KindOAuth Kind = "oauth"
	// KindToken is a pasted access token: used until Clio rejects it.
	KindToken Kind = "token"
)

// Storage says where a credential's secrets live.
type Storage string

const (
	StorageKeyring Storage = "keyring"
	StorageFile    Storage = "file" // --insecure-storage
)

// User is the Clio user a credential acts as (from who_am_i).
type User struct {
	ID    int64  `yaml:"id" json:"id"`
	Name  string `yaml:"name" json:"name"`
	Email string `yaml:"email,omitempty" json:"email,omitempty"`
}

// Credential is the non-secret part of a saved login, as kept in the index.
type Credential struct {
	Name string `yaml:"name" json:"name"`
	// Region is us/ca/eu/au for Clio's own hosts; BaseURL is set instead for
	// custom hosts (sandbox, proxy).
	Region      string    `yaml:"region,omitempty" json:"region,omitempty"`
	BaseURL     string    `yaml:"base_url,omitempty" json:"base_url,omitempty"`
	Kind        Kind      `yaml:"kind" json:"kind"`
	ClientID    string    `yaml:"client_id,omitempty" json:"client_id,omitempty"`
	User        User      `yaml:"user" json:"user"`
	Storage     Storage   `yaml:"storage" json:"storage"`
	Created     time.Time `yaml:"created" json:"created"`
	LastChecked time.Time `yaml:"last_checked,omitempty" json:"last_checked,omitzero"`
}

// Host is the Clio host the credential belongs to (and may only be sent to).
func (c Credential) Host() (clio.Host, error) {
	if c.BaseURL != "" {
		h, err := clio.ParseBaseURL(c.BaseURL)
		if err != nil {
			return clio.Host{}, fmt.Errorf("credential %q: %w", c.Name, err)
		}
		return h, nil
	}
	h, err := clio.RegionHost(c.Region)
	if err != nil {
		return clio.Host{}, fmt.Errorf("credential %q: %w", c.Name, err)
	}
	return h, nil
}

// HostLabel is the region for Clio's hosts, the host URL otherwise.
func (c Credential) HostLabel() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	return c.Region
}

// setHost records h as the credential's host.
func (c *Credential) setHost(h clio.Host) {
	if r := h.Region(); r != "" {
		c.Region, c.BaseURL = r, ""
		return
	}
	c.Region, c.BaseURL = "", h.String()
}

// Secret is what goes to the keyring, as one JSON value per credential.
type Secret struct {
	ClientSecret string    `json:"client_secret,omitempty"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidateName checks a credential name: it is a keyring account name and
// appears in destination files, so keep it short and plain.
func ValidateName(name string) error {
	if name == "" {
		return &UsageError{Msg: "a credential needs a name (--name)"}
	}
	if !namePattern.MatchString(name) {
		return &UsageError{Msg: fmt.Sprintf("credential name %q is not usable: use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)}
	}
	return nil
}
