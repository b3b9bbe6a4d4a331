package cmd

import (
	"errors"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/session"
)

// userAgent is the User-Agent of every call cliodest makes to Clio.
func userAgent() string { return "cliodest/" + versionString() }

// newSession is the use-case layer (flow/session) set up from the
// command's flags, environment and configuration directory.
func newSession(f *Factory) (*session.Session, error) {
	base, hasBase, err := f.BaseURL()
	if err != nil {
		return nil, usageError(err)
	}
	store, err := newCredStore(f)
	if err != nil {
		return nil, err
	}
	idx, err := destinationIndex(f)
	if err != nil {
		return nil, err
	}
	return &session.Session{Store: store, Token: f.Token(), BaseURL: base, HasBaseURL: hasBase,
		UserAgent: userAgent(), Index: idx, Env: f.Env, Now: f.Now}, nil
}

// sessionError gives a use case's refusal of the destination file its
// exit code: a file with problems lists them (1), input the user gives is
// a usage error (2), a paused destination stops (3), other states fail (1).
func sessionError(f *Factory, file string, err error) error {
	var le *flow.LoadError
	var ie *session.InputError
	var se *session.StateError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &le):
		return loadProblems(f, file, err)
	case errors.As(err, &ie):
		return usageError(err)
	case errors.As(err, &se) && se.Paused:
		return &ExitError{Code: exitStopped, Err: err}
	case errors.As(err, &se):
		return &ExitError{Code: exitFailed, Err: err}
	}
	return credError(err)
}
