package ledger

import "fmt"

// State is where a record stands in its delivery to Clio.
type State string

// The states a record moves through. A record absent from the ledger has
// never been attempted and counts as Pending.
const (
	// Pending: not delivered yet, safe to send (never sent, or a retryable
	// failure that Clio certainly did not apply).
	Pending State = "pending"
	// InFlight: a request for the record is (or was) on the wire. Written
	// durably before the request goes out.
	InFlight State = "in_flight"
	// Delivered: Clio accepted the record; it is never sent again.
	Delivered State = "delivered"
	// Failed: Clio refused the record (or it could not be sent); the reason
	// is kept and `retry` may send it again after a fix.
	Failed State = "failed"
	// InDoubt: the request may or may not have been applied by Clio (a crash
	// or a lost answer while in flight). A PATCH may be sent again; a POST
	// needs a person to decide, or it could create a duplicate.
	InDoubt State = "in_doubt"
)

// AllStates lists every state in the order a report shows them.
func AllStates() []State {
	return []State{Pending, InFlight, Delivered, Failed, InDoubt}
}

// NoCounts is a count of 0 in every state: what a ledger not written yet holds.
func NoCounts() map[State]int {
	out := make(map[State]int, len(AllStates()))
	for _, s := range AllStates() {
		out[s] = 0
	}
	return out
}

// Valid reports whether s is one of the five known states.
func (s State) Valid() bool {
	switch s {
	case Pending, InFlight, Delivered, Failed, InDoubt:
		return true
	}
	return false
}

// ParseState turns a command-line or stored word into a State.
func ParseState(v string) (State, error) {
	s := State(v)
	if !s.Valid() {
		return "", fmt.Errorf("unknown ledger state %q (valid: pending, in_flight, delivered, failed, in_doubt)", v)
	}
	return s, nil
}

// outcomeState reports whether s may be the result of a request: anything
// but InFlight, which only MarkInFlight sets.
func outcomeState(s State) bool {
	return s.Valid() && s != InFlight
}
