package accessible

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// errEndOfInput means the answers ran out: a script ended early or the user
// pressed Ctrl-D.
var errEndOfInput = errors.New("input ended")

// errBack is the answer < (or back): the previous question again.
var errBack = errors.New("back one question")

// isBack reports whether an answer asks to go back one question.
func isBack(a string) bool { return a == "<" || strings.EqualFold(a, "back") }

// prompter asks one question per line. Lines are read by one goroutine so a
// cancelled context (Ctrl-C) ends a question that is waiting for an answer.
type prompter struct {
	ctx   context.Context
	out   io.Writer
	lines chan string
	err   error // why lines was closed, valid once it is
}

func newPrompter(ctx context.Context, in io.Reader, out io.Writer) *prompter {
	p := &prompter{ctx: ctx, out: out, lines: make(chan string)}
	go func() {
		defer close(p.lines)
		r := bufio.NewReader(in)
		for {
			line, err := r.ReadString('\n')
			if line != "" || err == nil {
				select {
				case p.lines <- strings.TrimRight(line, "\r\n"):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					p.err = fmt.Errorf("reading answers: %w", err)
				}
				return
			}
		}
	}()
	return p
}

func (p *prompter) say(format string, args ...any) {
	fmt.Fprintf(p.out, format+"\n", args...)
}

// line reads the next answer, trimmed.
func (p *prompter) line() (string, error) {
	select {
	case l, ok := <-p.lines:
		if !ok {
			if p.err != nil {
				return "", p.err
			}
			return "", errEndOfInput
		}
		return strings.TrimSpace(l), nil
	case <-p.ctx.Done():
		return "", p.ctx.Err()
	}
}

// ask prints "question [def]: " and returns the answer, or def when the
// answer is empty.
func (p *prompter) ask(question, def string) (string, error) {
	if def != "" {
		fmt.Fprintf(p.out, "%s [%s]: ", question, def)
	} else {
		fmt.Fprintf(p.out, "%s: ", question)
	}
	a, err := p.line()
	if err != nil {
		fmt.Fprintln(p.out)
		return "", err
	}
	if a == "" {
		return def, nil
	}
	return a, nil
}

// askValid asks until check accepts the answer, saying why it did not.
func (p *prompter) askValid(question, def string, check func(string) error) (string, error) {
	for {
		a, err := p.ask(question, def)
		if err != nil {
			return "", err
		}
		if err := check(a); errors.Is(err, errBack) {
			return "", err
		} else if err != nil {
			p.say("  Not accepted: %v", err)
			continue
		}
		return a, nil
	}
}

// choose lists options numbered from 1 and returns the index picked, by
// number or by the option's exact text. def < 0 means no default.
func (p *prompter) choose(question string, options []string, def int) (int, error) {
	p.say("%s", question)
	for i, o := range options {
		p.say("  %d. %s", i+1, o)
	}
	d := ""
	if def >= 0 && def < len(options) {
		d = strconv.Itoa(def + 1)
	}
	for {
		a, err := p.ask(fmt.Sprintf("Choose 1 to %d", len(options)), d)
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
		p.say("  Not accepted: %q is not a number from 1 to %d", a, len(options))
	}
}

// yesNo asks a y/n question; an empty answer takes def.
func (p *prompter) yesNo(question string, def bool) (bool, error) {
	d := "y/N"
	if def {
		d = "Y/n"
	}
	for {
		fmt.Fprintf(p.out, "%s [%s]: ", question, d)
		a, err := p.line()
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
		p.say("  Not accepted: answer y or n")
	}
}
