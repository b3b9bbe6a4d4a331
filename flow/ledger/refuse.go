package ledger

// RefuseWrites makes every later write fail as on a full or read-only disk
// (SQLite's query_only: "attempt to write a readonly database"), until it
// is called with false. It is for tests of what a run does when its ledger
// cannot be written in the middle of a run; nothing else calls it.
func (l *Ledger) RefuseWrites(refuse bool) error {
	if l.readOnly {
		return nil
	}
	v := "0"
	if refuse {
		v = "1"
	}
	_, err := l.w.Exec(`PRAGMA query_only = ` + v)
	return l.classify("refusing writes", err)
}
