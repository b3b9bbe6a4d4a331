// Package prompt asks plain line questions: one per line, with a default
// in brackets, numbered choices, yes/no, and secrets read without echo on
// a terminal. Accessible mode, login and the test command's confirmation
// all ask through it.
package prompt

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// ErrEnd means the answers ran out: a script ended early or the user
// pressed Ctrl-D.
var ErrEnd = errors.New("input ended")

// ErrBack is the answer < (or back): the previous question again. Only
// AskValid's check returns it; the caller decides what "back" means.
var ErrBack = errors.New("back one question")

// IsBack reports whether an answer asks to go back one question.
func IsBack(a string) bool { return a == "<" || strings.EqualFold(a, "back") }

// Prompter asks questions on out and reads the answers from in, one line
// each. A line is read only when a question wants it, on its own
// goroutine, so a cancelled context (Ctrl-C) ends a question that is
// waiting, and a secret can be read from the terminal without echo.
type Prompter struct {
	ctx context.Context
	out io.Writer
	in  *bufio.Reader
	raw io.Reader
	// EndTakesDefault: once the input has ended, every question takes its
	// default (and a bare Line is ""), as a script that pipes fewer answers
	// than questions expects; otherwise the end is ErrEnd.
	EndTakesDefault bool

	pending chan answer // a read whose line no question took yet (its context ended)
}

type answer struct {
	line string
	err  error
}

// New is a prompter reading in and writing out; ctx ends a waiting question.
func New(ctx context.Context, in io.Reader, out io.Writer) *Prompter {
	return &Prompter{ctx: ctx, out: out, in: bufio.NewReader(in), raw: in}
}

// Say writes one line.
func (p *Prompter) Say(format string, args ...any) {
	fmt.Fprintf(p.out, format+"\n", args...)
}

// Line reads the next line, trimmed.
func (p *Prompter) Line() (string, error) {
	ch := p.pending
	if ch == nil {
		ch = make(chan answer, 1)
		go func() {
			l, err := p.in.ReadString('\n')
			ch <- answer{l, err}
		}()
	}
	select {
	case a := <-ch:
		p.pending = nil
		switch {
		case a.line != "" || a.err == nil: // a last line without its newline is an answer too
			return strings.TrimSpace(a.line), nil
		case errors.Is(a.err, io.EOF) && p.EndTakesDefault:
			return "", nil
		case errors.Is(a.err, io.EOF):
			return "", ErrEnd
		}
		return "", fmt.Errorf("reading answers: %w", a.err)
	case <-p.ctx.Done():
		p.pending = ch
		return "", p.ctx.Err()
	}
}

// Ask prints "question [def]: " and returns the answer, or def when the
// answer is empty.
func (p *Prompter) Ask(question, def string) (string, error) {
	if def != "" {
		fmt.Fprintf(p.out, "%s [%s]: ", question, def)
	} else {
		fmt.Fprintf(p.out, "%s: ", question)
	}
	a, err := p.Line()
	if err != nil {
		fmt.Fprintln(p.out)
		return "", err
	}
	if a == "" {
		return def, nil
	}
	return a, nil
}

// AskValid asks until check accepts the answer, saying why it did not. A
// check that returns ErrBack ends the question with it.
func (p *Prompter) AskValid(question, def string, check func(string) error) (string, error) {
	for {
		a, err := p.Ask(question, def)
		if err != nil {
			return "", err
		}
		if err := check(a); errors.Is(err, ErrBack) {
			return "", err
		} else if err != nil {
			p.Say("  Not accepted: %v", err)
			continue
		}
		return a, nil
	}
}

// Choose lists options numbered from 1 and returns the index picked, by
// number or by the option's text. def < 0 means no default.
func (p *Prompter) Choose(question string, options []string, def int) (int, error) {
	p.Say("%s", question)
	for i, o := range options {
		p.Say("  %d. %s", i+1, o)
	}
	d := ""
	if def >= 0 && def < len(options) {
		d = strconv.Itoa(def + 1)
	}
	for {
		a, err := p.Ask(fmt.Sprintf("Choose 1 to %d", len(options)), d)
		if err != nil {
			return 0, err
		}
		if n, err := strconv.Atoi(a); err == nil && n >= 1 && n <= len(options) {
			return n - 1, nil
		}
		for i, o := range options {
			if strings.EqualFold(a, o) {
				return i, nil
			}
		}
		p.Say("  Not accepted: %q is not a number from 1 to %d", a, len(options))
	}
}

// YesNo asks a y/n question; an empty answer takes def.
func (p *Prompter) YesNo(question string, def bool) (bool, error) {
	d := "y/N"
	if def {
		d = "Y/n"
	}
	for {
		fmt.Fprintf(p.out, "%s [%s]: ", question, d)
		a, err := p.Line()
		if err != nil {
			fmt.Fprintln(p.out)
			return false, err
		}
		switch strings.ToLower(a) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
		p.Say("  Not accepted: answer y or n")
	}
}

// Secret asks for a secret: read without echo when the input is a
// terminal (and nothing typed ahead is waiting), else as a line.
func (p *Prompter) Secret(question string) (string, error) {
	fmt.Fprintf(p.out, "%s: ", question)
	if f, ok := p.raw.(*os.File); ok && p.pending == nil && p.in.Buffered() == 0 && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(p.out)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", strings.ToLower(question), err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return p.Line()
}
