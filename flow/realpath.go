package flow

import "path/filepath"

// RealPath is a destination file's own path with symbolic links resolved,
// so that a link to a destination is the same destination: one ledger, one
// lock, and Save rewrites the file rather than replacing the link. A path
// that cannot be resolved (not yet written) is returned as given.
func RealPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}
