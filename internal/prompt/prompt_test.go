package prompt

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestAnswers(t *testing.T) {
	var out strings.Builder
	p := New(context.Background(), strings.NewReader("\n  typed \nmaybe\nY\nsecond\nlast"), &out)
	if a, err := p.Ask("Name", "def"); a != "def" || err != nil {
		t.Fatalf("empty answer: %q %v", a, err)
	}
	if a, err := p.Ask("Name", "def"); a != "typed" || err != nil {
		t.Fatalf("typed answer: %q %v", a, err)
	}
	if ok, err := p.YesNo("Sure?", false); !ok || err != nil { // "maybe" is asked again
		t.Fatalf("yes/no: %v %v", ok, err)
	}
	if i, err := p.Choose("Which?", []string{"first", "Second"}, 0); i != 1 || err != nil {
		t.Fatalf("chosen by name: %d %v", i, err)
	}
	if a, err := p.Secret("Token"); a != "last" || err != nil { // not a terminal: a line, the last without its newline
		t.Fatalf("secret: %q %v", a, err)
	}
	if _, err := p.Ask("More", "x"); !errors.Is(err, ErrEnd) {
		t.Fatalf("after the last answer: %v", err)
	}
	for _, want := range []string{"Name [def]: ", "Sure? [y/N]: ", "Not accepted: answer y or n", "  2. Second", "Choose 1 to 2 [1]: ", "Token: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestEndTakesDefault(t *testing.T) {
	p := New(context.Background(), strings.NewReader("only\n"), io.Discard)
	p.EndTakesDefault = true
	if a, _ := p.Ask("One", ""); a != "only" {
		t.Fatalf("first answer %q", a)
	}
	if a, err := p.Ask("Two", "def"); a != "def" || err != nil {
		t.Fatalf("after the end: %q %v", a, err)
	}
}

func TestBackEndsAskValid(t *testing.T) {
	p := New(context.Background(), strings.NewReader("bad\n<\n"), io.Discard)
	_, err := p.AskValid("Q", "", func(a string) error {
		if IsBack(a) {
			return ErrBack
		}
		return errors.New("no")
	})
	if !errors.Is(err, ErrBack) {
		t.Fatalf("got %v, want ErrBack", err)
	}
}

// TestCancelEndsAWaitingQuestion: nothing is typed; cancelling the context
// ends the question, and a line typed later goes to the next question.
func TestCancelEndsAWaitingQuestion(t *testing.T) {
	r, w := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	p := New(ctx, r, io.Discard)
	asked := make(chan error)
	go func() {
		_, err := p.Ask("Waiting", "")
		asked <- err
	}()
	cancel()
	if err := <-asked; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled question: %v", err)
	}
	p.ctx = context.Background()
	go func() { _, _ = w.Write([]byte("late\n")) }()
	if a, err := p.Ask("Next", ""); a != "late" || err != nil {
		t.Fatalf("next question: %q %v", a, err)
	}
}
