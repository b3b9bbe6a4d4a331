package nexset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// DefaultPollInterval is how often a followed file is checked for new data.
const DefaultPollInterval = 200 * time.Millisecond

// followFile reads a regular file and, at its end, waits for appended bytes
// instead of reporting io.EOF, until ctx is done. A file that shrinks or is
// replaced is an error: the records already sent may no longer be in it.
type followFile struct {
	ctx    context.Context
	f      *os.File
	path   string // "" when the file has no path to re-check (standard input)
	name   string
	off    int64
	seen   appendOnly
	waited bool // at the end since the last check: check before taking new bytes
	wait   func(context.Context) error
}

func newFollowFile(ctx context.Context, f *os.File, path, name string, o Options) *followFile {
	wait := o.wait
	if wait == nil {
		interval := o.PollInterval
		if interval <= 0 {
			interval = DefaultPollInterval
		}
		wait = func(ctx context.Context) error {
			t := time.NewTimer(interval)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	off, _ := f.Seek(0, io.SeekCurrent) // standard input may not start at 0
	return &followFile{ctx: ctx, f: f, path: path, name: name, off: off, seen: appendOnly{start: off}, wait: wait}
}

func (ff *followFile) Read(p []byte) (int, error) {
	for {
		if err := ff.ctx.Err(); err != nil {
			return 0, err
		}
		n, err := ff.f.Read(p)
		if n > 0 && ff.waited {
			// Bytes appended while waiting: first make sure what was read
			// before is still there, so they cannot be spliced to a rewrite.
			ff.waited = false
			if err := ff.check(); err != nil {
				return 0, err
			}
		}
		ff.off += int64(n)
		ff.seen.saw(p[:n])
		if n > 0 {
			return n, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("read %s: %w", ff.name, err)
		}
		if err := ff.check(); err != nil {
			return 0, err
		}
		if err := ff.wait(ff.ctx); err != nil {
			return 0, err
		}
		ff.waited = true
	}
}

// check detects truncation (size below what was read), a rewrite of what
// was read (its first or latest bytes differ) and replacement (the path now
// names another file, as after log rotation or an editor's save).
func (ff *followFile) check() error {
	st, err := ff.f.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", ff.name, err)
	}
	if st.Size() < ff.off {
		return changed(ff.name)
	}
	if re, err := ff.seen.rewritten(ff.f, ff.off); err != nil {
		return fmt.Errorf("read %s: %w", ff.name, err)
	} else if re {
		return changed(ff.name)
	}
	if ff.path == "" {
		return nil
	}
	cur, err := os.Stat(ff.path)
	if err != nil || !os.SameFile(st, cur) {
		return changed(ff.name)
	}
	return nil
}
