// Package realpath names a file by its real path, symbolic links resolved,
// so that a link and its target are one file: one destination, one ledger,
// one lock, one entry in the destination index. flow, flow/ledger and
// flow/destindex all resolve paths through it.
package realpath

import "path/filepath"

// Of is path with symbolic links resolved. A file not written yet is named
// through its directory's real path; a path that cannot be resolved at all
// is returned as given. A relative path stays relative.
func Of(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(dir, filepath.Base(path))
	}
	return path
}
