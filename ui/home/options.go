package home

import (
	"context"
	"io"
	"time"
)

// Options is what the home needs from the command that opens it.
type Options struct {
	Dir string    // the folder of destination files
	In  io.Reader // keys (a terminal)
	Out io.Writer // the screen (stderr)
	Env func(string) string

	// Creds are the saved credentials, to say which destination names one
	// that is not saved; nil when a token stands in for every credential
	// (CLIODEST_TOKEN, the demo's sandbox).
	Creds Creds
	// Run delivers with the shared engine; nil: nothing can be run from
	// here (the keys say so).
	Run Runner
	// Preview builds the preview's samples, making their look-ups; nil:
	// look-ups read "looked up when sent".
	Preview Previewer
	// Wizard opens the wizard on file ("" for a new destination) and
	// returns when the user leaves it; the home opens again after.
	Wizard func(ctx context.Context, file string) error
	// Test opens the wizard on file at its Test step (the key t); nil: t
	// opens it as Wizard does.
	Test func(ctx context.Context, file string) error
	Demo bool // the demo's sandbox: a banner says so

	Now      func() time.Time // nil: time.Now
	Location *time.Location   // times are shown in it; nil: time.Local
	// Refresh is how often the list looks for changes (a run from another
	// shell, a file saved); 0: every second.
	Refresh time.Duration
}

func (o *Options) fill() {
	if o.Env == nil {
		o.Env = func(string) string { return "" }
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Refresh <= 0 {
		o.Refresh = time.Second
	}
}
