package cmd

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow/cred"
)

func newCredentialsCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:     "credentials",
		Aliases: []string{"credential", "creds"},
		Short:   "List, check and remove saved Clio credentials",
		Long: `Manage the Clio credentials saved by "cliodest login". Their names, hosts and
users are in credentials.yaml in the config directory; their secrets in the OS
keyring.`,
		Example: `  cliodest credentials list
  cliodest credentials check firm
  cliodest credentials remove firm`,
	}
	c.AddCommand(newCredentialsListCmd(f), newCredentialsCheckCmd(f), newCredentialsRemoveCmd(f))
	return c
}

// credentialJSON is the --json shape of one credential: no secrets.
type credentialJSON struct {
	Name        string    `json:"name"`
	Host        string    `json:"host"`
	Region      string    `json:"region,omitempty"`
	Kind        cred.Kind `json:"kind"`
	ClientID    string    `json:"client_id,omitempty"`
	User        cred.User `json:"user"`
	Storage     string    `json:"storage"`
	Created     time.Time `json:"created"`
	LastChecked time.Time `json:"last_checked,omitzero"`
}

// credentialsListOptions are credentials list's flags.
type credentialsListOptions struct {
	asJSON bool
}

// newCredentialsListCmd parses its flags into credentialsListOptions and hands
// them to runCredentialsList (or a test's run function).
func newCredentialsListCmd(f *Factory, run ...runFunc[credentialsListOptions]) *cobra.Command {
	o := &credentialsListOptions{}
	runF := pickRun(func(ctx context.Context, o *credentialsListOptions) error { return runCredentialsList(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List saved credentials",
		Example: `  cliodest credentials list
  cliodest credentials list --json | jq -r '.[].name'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runF(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.asJSON, "json", false, "print as JSON")
	return c
}

// runCredentialsList prints the saved credentials.
func runCredentialsList(ctx context.Context, f *Factory, o *credentialsListOptions) error {
	store, err := newCredStore(f)
	if err != nil {
		return err
	}
	creds, err := store.List()
	if err != nil {
		return err
	}
	if o.asJSON {
		out := make([]credentialJSON, 0, len(creds))
		for _, c := range creds {
			h, err := c.Host()
			if err != nil {
				return err
			}
			out = append(out, credentialJSON{Name: c.Name, Host: h.String(), Region: c.Region, Kind: c.Kind,
				ClientID: c.ClientID, User: c.User, Storage: string(c.Storage), Created: c.Created, LastChecked: c.LastChecked})
		}
		return writeJSON(f.rawOut(), out)
	}
	if len(creds) == 0 {
		_, err := fmt.Fprintln(f.ErrOut, `No credentials saved. Run "cliodest login" to add one.`)
		return err
	}
	return writeCredentialTable(f.Out, creds)
}

func writeCredentialTable(w io.Writer, creds []cred.Credential) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tHOST\tUSER\tKIND\tLAST CHECKED")
	for _, c := range creds {
		kind := string(c.Kind)
		if c.Storage == cred.StorageFile {
			kind += " (insecure file)"
		}
		checked := "never"
		if !c.LastChecked.IsZero() {
			checked = c.LastChecked.UTC().Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Name, c.HostLabel(), userWords(c.User), kind, checked)
	}
	return tw.Flush()
}

// credentialOptions are credentials check's and remove's argument.
type credentialOptions struct {
	name string
}

// newCredentialsCheckCmd parses its flags into credentialOptions and hands
// them to runCredentialsCheck (or a test's run function).
func newCredentialsCheckCmd(f *Factory, run ...runFunc[credentialOptions]) *cobra.Command {
	o := &credentialOptions{}
	runF := pickRun(func(ctx context.Context, o *credentialOptions) error { return runCredentialsCheck(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:     "check NAME",
		Short:   "Check a credential against Clio (who_am_i) and record when",
		Example: `  cliodest credentials check firm`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.name = args[0]
			return runF(c.Context(), o)
		},
	}
	return c
}

// runCredentialsCheck asks Clio who the credential acts as and records when.
func runCredentialsCheck(ctx context.Context, f *Factory, o *credentialOptions) error {
	store, err := newCredStore(f)
	if err != nil {
		return err
	}
	saved, err := store.Get(o.name)
	if err != nil {
		return credError(err)
	}
	if err := checkBaseURL(f, saved); err != nil {
		return err
	}
	checked, err := store.Check(ctx, o.name)
	if err != nil {
		return credError(err)
	}
	_, err = fmt.Fprintf(f.Out, "Credential %q works: Clio (%s) knows it as %s\n", checked.Name, checked.HostLabel(), userWords(checked.User))
	return err
}

// checkBaseURL refuses to use a credential when --base-url points elsewhere.
func checkBaseURL(f *Factory, c cred.Credential) error {
	target, ok, err := f.BaseURL()
	if err != nil || !ok {
		return err
	}
	own, err := c.Host()
	if err != nil {
		return err
	}
	return credError(cred.CheckHost(c.Name, own, target, "--base-url / CLIODEST_BASE_URL"))
}

// newCredentialsRemoveCmd parses its flags into credentialOptions and hands
// them to runCredentialsRemove (or a test's run function).
func newCredentialsRemoveCmd(f *Factory, run ...runFunc[credentialOptions]) *cobra.Command {
	o := &credentialOptions{}
	runF := pickRun(func(ctx context.Context, o *credentialOptions) error { return runCredentialsRemove(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   "Revoke a credential's token at Clio and forget it",
		Long: `Revoke the credential's token at Clio (/oauth/deauthorize) where possible,
then delete its secrets from the keyring and its entry from credentials.yaml.
Destinations that name it stop working until you log in again under that name.`,
		Example: `  cliodest credentials remove firm`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.name = args[0]
			return runF(c.Context(), o)
		},
	}
	return c
}

// runCredentialsRemove revokes the credential's token at Clio and forgets it.
func runCredentialsRemove(ctx context.Context, f *Factory, o *credentialOptions) error {
	store, err := newCredStore(f)
	if err != nil {
		return err
	}
	r, err := store.Remove(ctx, o.name)
	if err != nil {
		return credError(err)
	}
	if r.Revoked {
		_, err = fmt.Fprintf(f.Out, "Removed credential %q; its token is revoked at Clio.\n", r.Credential.Name)
		return err
	}
	_, err = fmt.Fprintf(f.Out, "Removed credential %q. Its token could not be revoked at Clio (%v); "+
		"revoke the app's access in Clio's settings if it may still be valid.\n", r.Credential.Name, r.RevokeErr)
	return err
}
