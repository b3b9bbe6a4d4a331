package session

// InputError is a use case refused for input the user gives (a flag, the
// base URL, a run's on_change): fix the input and try again.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// StateError is a use case refused for the destination's state: never
// activated, or paused (Paused: nothing can be sent until it is activated).
type StateError struct {
	Err    error
	Paused bool
}

func (e *StateError) Error() string { return e.Err.Error() }
func (e *StateError) Unwrap() error { return e.Err }

// LedgerError is a destination's ledger that cannot be opened: corrupt,
// another destination's, newer than this build (Err says which, as
// flow/ledger's errors); the message names the destination file.
type LedgerError struct {
	File string
	Err  error
}

func (e *LedgerError) Error() string { return "destination " + e.File + ": " + e.Err.Error() }
func (e *LedgerError) Unwrap() error { return e.Err }
