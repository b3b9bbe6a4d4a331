package ledger

import (
	"os"
	"time"
)

// emptyFileError refuses an existing 0-byte file at the ledger path. SQLite
// would take it as a new, empty database, and the next run would send every
// record again; but a ledger cliodest created is never left empty once
// opened, so an empty one was truncated, or made by something else.
func emptyFileError(path string) error {
	return &CorruptError{Path: path, Reason: "the file is empty (0 bytes), so it is not a cliodest ledger. " +
		"If it replaced a ledger, restore that from a backup: starting afresh would send every record again. " +
		"If nothing was ever delivered with it, remove it and run again"}
}

// hasWAL reports whether the database at abs has a non-empty write-ahead
// log, where the pages of a ledger not yet checkpointed live.
func hasWAL(abs string) bool {
	fi, err := os.Stat(abs + "-wal")
	return err == nil && fi.Size() > 0
}

// creationWindow is how long an empty ledger file may be one another
// cliodest has just created and is writing its tables into: two runs of a
// destination started together both open the ledger before either takes
// the delivery lock, and the one that did not create the file must not
// refuse it as truncated (and tell the user to remove it) meanwhile.
const creationWindow = 10 * time.Second

// awaitCreator waits, while the empty file at abs is younger than
// creationWindow, for its creator to give it content (or a write-ahead
// log), or to remove it after failing. It returns the file's last state:
// still empty once the window has passed, or an error when it is gone.
func awaitCreator(abs string, fi os.FileInfo) (os.FileInfo, error) {
	deadline := fi.ModTime().Add(creationWindow)
	if latest := time.Now().Add(creationWindow); deadline.After(latest) {
		deadline = latest // a modification time in the future
	}
	for fi.Size() == 0 && !hasWAL(abs) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		next, err := os.Stat(abs)
		if err != nil {
			return nil, err
		}
		fi = next
	}
	return fi, nil
}

// stillEmpty reports whether the ledger file at abs is still 0 bytes with
// no write-ahead log: an opener that created it and failed removes it only
// then, never once another opener has written a ledger into it.
func stillEmpty(abs string) bool {
	fi, err := os.Stat(abs)
	return err == nil && fi.Mode().IsRegular() && fi.Size() == 0 && !hasWAL(abs)
}
