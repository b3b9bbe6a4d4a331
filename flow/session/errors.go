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
