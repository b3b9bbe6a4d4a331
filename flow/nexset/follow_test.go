package nexset

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// pollGate replaces the poll timer: each time the reader is at the end of
// the file it reports on atEnd and waits for the test to say go on.
type pollGate struct {
	atEnd  chan struct{}
	resume chan struct{}
}

func newPollGate() *pollGate {
	return &pollGate{atEnd: make(chan struct{}), resume: make(chan struct{})}
}

func (g *pollGate) wait(ctx context.Context) error {
	select {
	case g.atEnd <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-g.resume:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type next struct {
	rec Record
	err error
}

// nexter runs Next on its own goroutine, one call per request.
func nexter(r *Reader) (ask chan struct{}, answers chan next) {
	ask, answers = make(chan struct{}), make(chan next)
	go func() {
		for range ask {
			rec, err := r.Next()
			answers <- next{rec, err}
		}
		close(answers)
	}()
	return ask, answers
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFollowAppends(t *testing.T) {
	tests := []struct {
		name, file, initial string
		appends             []string // each appended while the reader waits at the end
		want                []map[string]any
	}{
		{"jsonl", "live.jsonl", "{\"a\":1}\n", []string{"{\"a\":2}\n", "{\"a\":", "3}\n"},
			[]map[string]any{{"a": int64(1)}, {"a": int64(2)}, {"a": int64(3)}}},
		{"csv", "live.csv", "a,b\n1,x\n", []string{"2,y\n", "3,", "z\n"},
			[]map[string]any{{"a": int64(1), "b": "x"}, {"a": int64(2), "b": "y"}, {"a": int64(3), "b": "z"}}},
		{"empty at start", "live.jsonl", "", []string{"{\"a\":1}\n"}, []map[string]any{{"a": int64(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.initial)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			gate := newPollGate()
			r, err := Open(ctx, path, Options{Follow: true, wait: gate.wait})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ask, answers := nexter(r)
			defer close(ask)
			var got []map[string]any
			ask <- struct{}{}
			for _, chunk := range tt.appends {
			wait:
				for {
					select {
					case a := <-answers:
						if a.err != nil {
							t.Fatalf("Next: %v", a.err)
						}
						got = append(got, a.rec.Fields)
						ask <- struct{}{}
					case <-gate.atEnd:
						break wait
					}
				}
				appendTo(t, path, chunk)
				gate.resume <- struct{}{}
			}
			// Collect what the last append completed, then stop at the end.
			for done := false; !done; {
				select {
				case a := <-answers:
					if a.err != nil {
						t.Fatalf("Next: %v", a.err)
					}
					got = append(got, a.rec.Fields)
					ask <- struct{}{}
				case <-gate.atEnd:
					done = true
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			wantFields(t, recordsOf(got), tt.want)
			cancel()
			if a := <-answers; !errors.Is(a.err, context.Canceled) {
				t.Errorf("after cancel Next = %v, %v; want context.Canceled", a.rec, a.err)
			}
		})
	}
}

func recordsOf(fields []map[string]any) []Record {
	recs := make([]Record, len(fields))
	for i, f := range fields {
		recs[i] = Record{Fields: f}
	}
	return recs
}

// TestFollowPartialLine checks that a line without its newline is not parsed
// while the file may still grow.
func TestFollowPartialLine(t *testing.T) {
	path := writeFile(t, "live.jsonl", "{\"a\":1}\n{\"a\":")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	gate := newPollGate()
	r, err := Open(ctx, path, Options{Follow: true, wait: gate.wait})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ask, answers := nexter(r)
	defer close(ask)
	ask <- struct{}{}
	if a := <-answers; a.err != nil || a.rec.Fields["a"] != int64(1) {
		t.Fatalf("first record: %v %v", a.rec, a.err)
	}
	ask <- struct{}{}
	<-gate.atEnd // holding "{\"a\":" and waiting, not reporting a bad record
	select {
	case a := <-answers:
		t.Fatalf("partial line answered early: %v %v", a.rec, a.err)
	default:
	}
	appendTo(t, path, "2}\n")
	gate.resume <- struct{}{}
	if a := <-answers; a.err != nil || a.rec.Fields["a"] != int64(2) || a.rec.Line != 2 {
		t.Fatalf("completed record: %+v %v", a.rec, a.err)
	}
}

func TestFollowDetectsChange(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			if err := os.Truncate(path, 3); err != nil {
				t.Fatal(err)
			}
		}},
		{"replaced", func(t *testing.T, path string) {
			tmp := path + ".new"
			if err := os.WriteFile(tmp, []byte("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"rewritten in place, same size, then grown", func(t *testing.T, path string) {
			writeAt(t, path, 0, "{\"a\":2}\n{\"a\":1}\n{\"a\":3}\n")
		}},
		{"last line rewritten", func(t *testing.T, path string) {
			writeAt(t, path, 13, "9")
		}},
		{"removed", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "live.jsonl", "{\"a\":1}\n{\"a\":2}\n")
			gate := newPollGate()
			r, err := Open(t.Context(), path, Options{Follow: true, wait: gate.wait})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ask, answers := nexter(r)
			defer close(ask)
			for range 2 {
				ask <- struct{}{}
				if a := <-answers; a.err != nil {
					t.Fatal(a.err)
				}
			}
			ask <- struct{}{}
			<-gate.atEnd
			tt.change(t, path)
			gate.resume <- struct{}{}
			a := <-answers
			if !errors.Is(a.err, ErrChanged) {
				t.Fatalf("Next = %v, want ErrChanged", a.err)
			}
			if want := "nexset " + path + " changed under a running activation"; a.err.Error() != want {
				t.Errorf("error %q, want %q", a.err, want)
			}
		})
	}
}

func TestFollowRealTimer(t *testing.T) {
	// The default waiting path: a short interval, the context ends it.
	path := writeFile(t, "live.jsonl", "{\"a\":1}\n")
	ctx, cancel := context.WithCancel(t.Context())
	r, err := Open(ctx, path, Options{Follow: true, PollInterval: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	ask, answers := nexter(r)
	defer close(ask)
	ask <- struct{}{}
	cancel()
	if a := <-answers; !errors.Is(a.err, context.Canceled) {
		t.Errorf("Next = %v, want context.Canceled", a.err)
	}
}

func TestFollowPipe(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if _, err := pw.WriteString("{\"a\":1}\n"); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(ctx, pr, "standard input", Options{Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	ask, answers := nexter(r)
	defer close(ask)
	ask <- struct{}{}
	if a := <-answers; a.err != nil || a.rec.Fields["a"] != int64(1) {
		t.Fatalf("first: %v %v", a.rec, a.err)
	}
	ask <- struct{}{}
	if _, err := pw.WriteString("{\"a\":2}\n"); err != nil {
		t.Fatal(err)
	}
	if a := <-answers; a.err != nil || a.rec.Fields["a"] != int64(2) {
		t.Fatalf("second: %v %v", a.rec, a.err)
	}
	ask <- struct{}{} // blocks in the pipe read; cancelling must end it
	cancel()
	if a := <-answers; !errors.Is(a.err, context.Canceled) {
		t.Errorf("Next = %v, want context.Canceled", a.err)
	}
}

func TestFollowPipeEnds(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	go func() {
		_, _ = pw.WriteString("{\"a\":1}\n{\"a\":2}\n")
		pw.Close()
	}()
	r, err := NewReader(t.Context(), pr, "standard input", Options{Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	res := drain(t, r)
	if res.end != nil || len(res.recs) != 2 {
		t.Errorf("got %d records, end %v", len(res.recs), res.end)
	}
}

func TestFollowJSONArrayRefused(t *testing.T) {
	path := writeFile(t, "all.json", "[{\"a\":1}]")
	_, err := Open(t.Context(), path, Options{Follow: true})
	if err == nil || !strings.Contains(err.Error(), "cannot be followed") {
		t.Errorf("Open = %v, want a refusal", err)
	}
}

var _ io.Reader = (*followFile)(nil)

// writeAt overwrites the file at path from offset off, in place.
func writeAt(t *testing.T, path string, off int64, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(text), off); err != nil {
		t.Fatal(err)
	}
}
