package cmd

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// createCounter counts the creates the sandbox accepted and lets a test
// wait, without sleeping, until a count is reached.
type createCounter struct {
	mu    sync.Mutex
	n     int
	waits map[int]chan struct{}
}

func (c *createCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &codeRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if r.Method == http.MethodPost && rec.code == http.StatusCreated {
			c.mu.Lock()
			c.n++
			if ch, ok := c.waits[c.n]; ok {
				close(ch)
				delete(c.waits, c.n)
			}
			c.mu.Unlock()
		}
	})
}

// reached is closed once n creates were accepted.
func (c *createCounter) reached(n int) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan struct{})
	if c.n >= n {
		close(ch)
		return ch
	}
	if c.waits == nil {
		c.waits = map[int]chan struct{}{}
	}
	if old, ok := c.waits[n]; ok {
		return old
	}
	c.waits[n] = ch
	return ch
}

type codeRecorder struct {
	http.ResponseWriter
	code int
}

func (r *codeRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func activityLines(from, to int) string {
	var s string
	for i := from; i <= to; i++ {
		s += fmt.Sprintf(`{"id":"R%d","date":"2024-03-04","hours":0.5,"note":"record R%d","matter_id":3001}`+"\n", i, i)
	}
	return s
}

// TestActivateFollow: activate --follow delivers a JSON Lines Nexset, then
// the records appended to it (or written to standard input) while it runs;
// an interrupt ends it with exit code 130, each record created exactly once.
func TestActivateFollow(t *testing.T) {
	for _, stdin := range []bool{false, true} {
		name := "file"
		if stdin {
			name = "stdin"
		}
		t.Run(name, func(t *testing.T) {
			var cc createCounter
			ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, cc.wrap)
			dir := t.TempDir()
			file := writeActivities(t, dir, 5, nil)
			tio := newTestFactory(t, ds.env(t))
			var appendMore func(s string)
			if stdin {
				d, err := flow.Load(file)
				if err != nil {
					t.Fatal(err)
				}
				d.Nexset.Path = "-"
				if err := flow.Save(file, d); err != nil {
					t.Fatal(err)
				}
				pr, pw, err := os.Pipe() // standard input is a file, as in a shell pipeline
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { pw.Close(); pr.Close() })
				tio.f.In = pr
				appendMore = func(s string) {
					if _, err := io.WriteString(pw, s); err != nil {
						t.Error(err)
					}
				}
				go appendMore(activityLines(1, 5))
			} else {
				appendMore = func(s string) {
					f, err := os.OpenFile(filepath.Join(dir, "records.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					if _, err := f.WriteString(s); err != nil {
						t.Fatal(err)
					}
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan int)
			go func() { done <- runContext(ctx, tio.f, []string{"activate", "--follow", file}) }()

			waitFor := func(n int) {
				t.Helper()
				select {
				case <-cc.reached(n):
				case code := <-done:
					t.Fatalf("activate ended (exit %d) before %d creates:\n%s", code, n, tio.errOut)
				}
			}
			waitFor(5)
			appendMore(activityLines(6, 9))
			waitFor(9)
			appendMore(activityLines(10, 12))
			waitFor(12)
			cancel()
			if code := <-done; code != exitInterrupted {
				t.Fatalf("exit %d after an interrupt, want %d:\n%s", code, exitInterrupted, tio.errOut)
			}
			per := ds.log.createsPerNote(t)
			for i := 1; i <= 12; i++ {
				if n := per[fmt.Sprintf("record R%d", i)]; n != 1 {
					t.Errorf("record R%d created %d times", i, n)
				}
			}
			if len(per) != 12 || ds.sb.Created("activities") != 12 {
				t.Errorf("created %d objects for %d notes, want 12", ds.sb.Created("activities"), len(per))
			}
		})
	}
}
