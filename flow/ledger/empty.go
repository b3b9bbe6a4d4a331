package ledger

import "os"

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
