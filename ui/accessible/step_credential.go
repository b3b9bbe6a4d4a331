package accessible

import (
	"context"
	"fmt"

	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/session"
)

// credentialStep picks the Clio login and checks it with who_am_i.
func (j *journey) credentialStep(ctx context.Context) error {
	type option struct {
		label string
		name  string // "" with env: CLIODEST_TOKEN
		env   bool
	}
	var opts []option
	if j.o.Token != "" {
		where := "Clio us"
		if j.o.HasBaseURL {
			where = j.o.BaseURL.String()
		}
		opts = append(opts, option{label: cred.EnvToken + " from the environment (" + where + ")", env: true})
	}
	if j.o.Store != nil {
		creds, err := j.o.Store.List()
		if err != nil {
			return fmt.Errorf("reading saved credentials: %w", err)
		}
		for _, c := range creds {
			l := fmt.Sprintf("%s (%s", c.Name, c.HostLabel())
			if c.User.Name != "" {
				l += ", " + c.User.Name
			}
			opts = append(opts, option{label: l + ")", name: c.Name})
		}
	}
	if len(opts) == 0 {
		return fmt.Errorf("no Clio credential: run \"cliodest login\" first, or set %s", cred.EnvToken)
	}
	labels := make([]string, len(opts))
	def := 0
	for i, o := range opts {
		labels[i] = o.label
		if j.d.Credential != "" && o.name == j.d.Credential {
			def = i
		}
	}
	for {
		i, err := j.p.choose("Credential: which Clio login sends the records?", labels, def)
		if err != nil {
			return err
		}
		name := opts[i].name
		if opts[i].env {
			name = j.d.Credential
		}
		if err := j.connect(ctx, name, opts[i].env); err != nil {
			j.p.say("  Not usable: %v", err)
			def = i
			continue
		}
		if !opts[i].env {
			j.d.Credential = name
		}
		return nil
	}
}

// connect resolves the credential (bound to its own host) and asks Clio who
// it acts as.
func (j *journey) connect(ctx context.Context, name string, env bool) error {
	c, err := j.o.Session().Connect(ctx, session.Login{Name: name, Env: env, APIVersion: j.d.EffectiveAPIVersion()})
	if err != nil {
		return err
	}
	who := c.User.Name
	if c.User.Email != "" {
		who += " <" + c.User.Email + ">"
	}
	j.p.say("Connected as %s on %s.", who, c.Host)
	j.conn = *c
	return nil
}
