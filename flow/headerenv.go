package flow

import (
	"errors"
	"fmt"
	"strings"
)

// A header value may reference an environment variable as ${NAME}. The
// reference is what the destination file, the samples, the ledger and the
// response webhook see; the variable's value is read only when a request is
// handed to the Clio client (Call.Request), so a secret such as an API key
// never reaches a file.

// EnvError is a header whose ${NAME} variable is unset (or empty) when a
// request is about to be sent.
type EnvError struct {
	Header string // canonical header name
	Var    string // the variable it references
}

func (e *EnvError) Error() string {
	return fmt.Sprintf("header %s: environment variable %s is not set (the header is written %s:${%s}); set it before test or activate",
		e.Header, e.Var, e.Header, e.Var)
}

// envRef is one ${NAME} reference: its byte range in the value and the name.
type envRef struct {
	start, end int
	name       string
}

// headerRefs finds the ${NAME} references of a header value. NAME is a
// letter or "_" followed by letters, digits and "_"; "${" always starts a
// reference, so a malformed one is an error rather than literal text.
func headerRefs(value string) ([]envRef, error) {
	var refs []envRef
	for i := 0; i < len(value); {
		j := strings.Index(value[i:], "${")
		if j < 0 {
			break
		}
		start := i + j
		k := strings.IndexByte(value[start:], '}')
		if k < 0 {
			return nil, fmt.Errorf("%q has \"${\" without a closing \"}\": write ${NAME}", value)
		}
		name := value[start+2 : start+k]
		if !isEnvName(name) {
			return nil, fmt.Errorf("${%s} is not an environment variable reference: write ${NAME} (letters, digits and _, not starting with a digit)", name)
		}
		refs = append(refs, envRef{start: start, end: start + k + 1, name: name})
		i = start + k + 1
	}
	return refs, nil
}

func isEnvName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// checkSecretValue refuses a literal value in a header whose name looks
// secret: such a value must come from the environment. Only a scheme word
// ("Bearer ${X}") may stand beside the reference. The value itself is never
// repeated in the message: it is probably a secret.
func checkSecretValue(name, value string, refs []envRef) error {
	if !secretHeader(name) {
		return nil
	}
	if len(refs) == 1 && refs[0].end == len(value) {
		prefix := value[:refs[0].start]
		if prefix == "" || (strings.HasSuffix(prefix, " ") && isSchemeWord(strings.TrimSpace(prefix))) {
			return nil
		}
	}
	return fmt.Errorf("%s looks like a secret, so its value may not be written in the destination file: write %s:${%s} and set %s in the environment (it is read only when sending)",
		name, name, envNameFor(name), envNameFor(name))
}

func isSchemeWord(s string) bool {
	if len(s) > 16 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}

// envNameFor proposes a variable name for a header: X-Api-Key → X_API_KEY.
func envNameFor(header string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(header) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// expandHeaderValue replaces the references of a header value with their
// variables' values from env. An unset variable leaves its reference as
// written (CheckEnv has refused it before anything is sent).
func expandHeaderValue(name, value string, env func(string) string) (string, error) {
	refs, err := headerRefs(value)
	if err != nil || len(refs) == 0 {
		return value, err
	}
	var b strings.Builder
	last := 0
	for _, r := range refs {
		b.WriteString(value[last:r.start])
		v := ""
		if env != nil {
			v = env(r.name)
		}
		if v == "" {
			v = value[r.start:r.end]
		}
		b.WriteString(v)
		last = r.end
	}
	b.WriteString(value[last:])
	if s := b.String(); strings.ContainsAny(s, "\r\n\x00") {
		return "", fmt.Errorf("header %s: the environment's value has a line break or NUL", name)
	}
	return b.String(), nil
}

// WithEnv returns p reading header variables from env (the environment the
// command started with, which the caller hands over; nil, as an unset
// variable, is an empty environment). The calls p builds carry it to
// Request. Only sending needs it: samples and Validate show the references.
func (p *Planner) WithEnv(env func(string) string) *Planner {
	q := *p
	q.env = env
	return &q
}

// getenv reads a header variable from p's environment ("" when unset).
func (p *Planner) getenv(name string) string {
	if p.env == nil {
		return ""
	}
	return p.env(name)
}

// CheckEnv reports every header variable that is unset (each an *EnvError,
// joined): the requests of this planner could not be sent as written.
// Sending (Build, Calls, TestCall) checks it; samples and Validate do not.
// The variables are read from p's environment (WithEnv).
func (p *Planner) CheckEnv() error {
	var errs []error
	for _, h := range p.r.headers {
		refs, _ := headerRefs(h.Value) // checkConfig has refused malformed ones
		for _, r := range refs {
			if p.getenv(r.name) == "" {
				errs = append(errs, &EnvError{Header: h.Name, Var: r.name})
			}
		}
	}
	return errors.Join(errs...)
}
