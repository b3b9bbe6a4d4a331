package cmd

import "context"

// Each command parses its flags and arguments into an options struct and
// hands it to a run function that does the work (gh's NewCmdX(f, runF)).
// A test gives the constructor its own run function, which captures the
// options, to check the parsing without running the command.

// runFunc is a command's behaviour, given the options its flags parsed.
type runFunc[O any] func(ctx context.Context, o *O) error

// pickRun is the run function a test gave the constructor, else own.
func pickRun[O any](own runFunc[O], test []runFunc[O]) runFunc[O] {
	if len(test) > 0 && test[0] != nil {
		return test[0]
	}
	return own
}
