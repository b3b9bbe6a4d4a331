// Package destindex keeps, in cliodest's config directory, which ledger
// holds each destination id's deliveries (and the destination file, host
// and last run that wrote there). A destination is its id: a copied or
// moved destination file opened beside a new, empty ledger would deliver
// every record a second time, so a run checks the index before its ledger
// is opened or created.
package destindex

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Entry is where one destination id's deliveries are recorded.
type Entry struct {
	ID      string    `json:"id"`
	File    string    `json:"file"`   // the destination file, absolute, links resolved
	Ledger  string    `json:"ledger"` // its ledger, absolute, links resolved
	Host    string    `json:"host,omitempty"`
	LastRun time.Time `json:"last_run"`
}

// Index is the index in one config directory: a small JSON file per id
// under destinations/, so runs of different destinations never write the
// same file.
type Index struct{ dir string }

// Open is the index under configDir; nothing is created until Put. The
// zero Index (no config directory) checks and records nothing.
func Open(configDir string) Index {
	if configDir == "" {
		return Index{}
	}
	return Index{dir: filepath.Join(configDir, "destinations")}
}

func (x Index) path(id string) string { return filepath.Join(x.dir, id+".json") }

// Get is the entry for id; ok is false when the id was never run here.
func (x Index) Get(id string) (e Entry, ok bool, err error) {
	if x.dir == "" {
		return Entry{}, false, nil
	}
	data, err := os.ReadFile(x.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("destination index: %w", err)
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return Entry{}, false, fmt.Errorf("destination index %s: %w (remove the file to forget where this destination was delivered from)", x.path(id), err)
	}
	return e, true, nil
}

// Put records e, replacing the entry of its id (written whole, 0600).
func (x Index) Put(e Entry) error {
	if err := os.MkdirAll(x.dir, 0o700); err != nil {
		return fmt.Errorf("destination index: %w", err)
	}
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("destination index: %w", err)
	}
	tmp, err := os.CreateTemp(x.dir, "."+e.ID+".*.tmp")
	if err != nil {
		return fmt.Errorf("destination index: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("destination index: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("destination index: %w", err)
	}
	if err := os.Rename(tmp.Name(), x.path(e.ID)); err != nil {
		return fmt.Errorf("destination index: %w", err)
	}
	return nil
}
