package cred

import "fmt"

// MissingError means Resolve found no credential to send with: none is
// saved at all (Name is ""), or the one a destination names is not (any
// more). It is not bad usage of a command — the command line was right —
// so commands exit 1 and say how to provide one. It wraps the store's
// *NotFoundError or *UsageError for callers that look for those.
type MissingError struct {
	Name string // the credential asked for; "" when none is saved and none named
	Err  error
}

func (e *MissingError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("no Clio credential saved: run \"cliodest login --name NAME\" to save one, or set %s", EnvToken)
	}
	return fmt.Sprintf("no credential named %q is saved on this machine: save it with \"cliodest login --name %s\", use one that is (cliodest credentials list), or set %s", e.Name, e.Name, EnvToken)
}

func (e *MissingError) Unwrap() error { return e.Err }
