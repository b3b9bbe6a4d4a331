package cred

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// IndexFile is the name of the credentials index in the config directory.
const IndexFile = "credentials.yaml"

// indexVersion is the newest index layout this build reads and writes.
const indexVersion = 1

type indexDoc struct {
	Version     int          `yaml:"version"`
	Credentials []Credential `yaml:"credentials"`
}

// loadIndex reads the index at path; a missing file is an empty index. A
// corrupt file or one from a newer cliodest is an *IndexError, and callers
// must not write over it.
func loadIndex(path string) ([]Credential, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &IndexError{Path: path, Reason: "cannot be read", Err: err}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	var doc indexDoc
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, &IndexError{Path: path, Reason: "is not a valid credentials index; fix or remove it", Err: err}
	}
	switch {
	case doc.Version > indexVersion:
		return nil, &IndexError{Path: path, Reason: fmt.Sprintf(
			"was written by a newer cliodest (index version %d; this one reads up to %d); upgrade cliodest", doc.Version, indexVersion)}
	case doc.Version < 1:
		return nil, &IndexError{Path: path, Reason: "has no valid \"version\" field; fix or remove it"}
	}
	seen := map[string]bool{}
	for i, c := range doc.Credentials {
		if err := ValidateName(c.Name); err != nil {
			return nil, &IndexError{Path: path, Reason: fmt.Sprintf("entry %d", i+1), Err: err}
		}
		if seen[c.Name] {
			return nil, &IndexError{Path: path, Reason: fmt.Sprintf("entry %d: the name %q appears twice", i+1, c.Name)}
		}
		seen[c.Name] = true
		if c.Kind != KindOAuth && c.Kind != KindToken {
			return nil, &IndexError{Path: path, Reason: fmt.Sprintf("entry %d (%s): kind %q is neither oauth nor token", i+1, c.Name, c.Kind)}
		}
		if c.Storage != StorageKeyring && c.Storage != StorageFile {
			return nil, &IndexError{Path: path, Reason: fmt.Sprintf("entry %d (%s): storage %q is neither keyring nor file", i+1, c.Name, c.Storage)}
		}
		if _, err := c.Host(); err != nil {
			return nil, &IndexError{Path: path, Reason: fmt.Sprintf("entry %d", i+1), Err: err}
		}
	}
	return doc.Credentials, nil
}

func saveIndex(path string, creds []Credential) error {
	sorted := slices.Clone(creds)
	slices.SortFunc(sorted, byName)
	var buf bytes.Buffer
	buf.WriteString(indexHeader(sorted))
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(indexDoc{Version: indexVersion, Credentials: sorted}); err != nil {
		return fmt.Errorf("encode credentials index: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode credentials index: %w", err)
	}
	return writeFileAtomic(path, buf.Bytes())
}

// indexHeader is the index file's first line: where the secrets of the
// credentials it lists really are.
func indexHeader(creds []Credential) string {
	var keyring, file bool
	for _, c := range creds {
		keyring = keyring || c.Storage == StorageKeyring
		file = file || c.Storage == StorageFile
	}
	const head = "# cliodest credentials: names, hosts and users only. "
	switch {
	case keyring && file:
		return head + "Secrets live in the OS keyring, and for the credentials with storage: file unencrypted in " + SecretsFile + " (--insecure-storage).\n"
	case file:
		return head + "Secrets live unencrypted in " + SecretsFile + " beside this file (--insecure-storage), not in the OS keyring.\n"
	}
	return head + "Secrets live in the OS keyring.\n"
}

// byName orders credentials by name, as list and the index file show them.
func byName(a, b Credential) int { return strings.Compare(a.Name, b.Name) }
