package accessible

import (
	"context"
	"io"

	"github.com/cliodest/cliodest/internal/prompt"
)

// errEndOfInput means the answers ran out: a script ended early or the user
// pressed Ctrl-D.
var errEndOfInput = prompt.ErrEnd

// errBack is the answer < (or back): the previous question again.
var errBack = prompt.ErrBack

// isBack reports whether an answer asks to go back one question.
func isBack(a string) bool { return prompt.IsBack(a) }

// prompter is the shared line prompter (internal/prompt) under the names
// the steps call it by.
type prompter struct{ p *prompt.Prompter }

func newPrompter(ctx context.Context, in io.Reader, out io.Writer) *prompter {
	return &prompter{p: prompt.New(ctx, in, out)}
}

func (p *prompter) say(format string, args ...any)           { p.p.Say(format, args...) }
func (p *prompter) ask(question, def string) (string, error) { return p.p.Ask(question, def) }
func (p *prompter) askValid(question, def string, check func(string) error) (string, error) {
	return p.p.AskValid(question, def, check)
}
func (p *prompter) choose(question string, options []string, def int) (int, error) {
	return p.p.Choose(question, options, def)
}
func (p *prompter) yesNo(question string, def bool) (bool, error) { return p.p.YesNo(question, def) }
