package flow

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Relocate readies the destination to be saved in dir: the Nexset and
// response-file paths, resolved against the current Dir, become relative to
// dir (destination files store them so, and the pair can move together),
// and dir becomes Dir. Standard input ("-") and unset paths stay as they are.
func (d *Destination) Relocate(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("directory %s: %w", dir, err)
	}
	d.Nexset.Path = relativeTo(abs, d.NexsetPath())
	d.ResponseWebhook.File = relativeTo(abs, d.ResponseFilePath())
	d.Dir = abs
	return nil
}

// relativeTo expresses p relative to the absolute dir, or absolute when no
// relative path leads there (another volume).
func relativeTo(dir, p string) string {
	if p == "" || p == "-" {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	r, err := filepath.Rel(dir, abs)
	if err != nil {
		return abs
	}
	return filepath.ToSlash(r)
}

// NameFromPath is the destination name a file path suggests: its base name
// without the extension ("firm/time.jsonl" → "time").
func NameFromPath(p string) string {
	return strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
}
