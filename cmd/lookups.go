package cmd

import (
	"context"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/lookup"
)

// destinationClient is the Clio client of a destination's requests.
func destinationClient(d *flow.Destination, host clio.Host, ts oauth2.TokenSource) *clio.Client {
	return clio.NewClient(clio.Options{Host: host, TokenSource: ts, APIVersion: d.EffectiveAPIVersion(), UserAgent: "cliodest/" + versionString()})
}

// withSampleLookups lets preview and validate show the IDs a destination's
// lookups find: look-ups are reads, made with its credential when it can be
// had. Without one (or offline) p is returned as it is, or its failed
// requests are shown, as "looked up when sent".
func withSampleLookups(ctx context.Context, f *Factory, d *flow.Destination, p *flow.Planner) *flow.Planner {
	if !d.HasLookups() {
		return p
	}
	base, hasBase, err := destinationHost(f, d)
	if err != nil {
		return p
	}
	store, err := newCredStore(f)
	if err != nil {
		return p
	}
	ts, host, _, err := cred.Resolve(ctx, store, d.Credential, f.Token(), base, hasBase)
	if err != nil {
		return p
	}
	return p.WithSampleLookups(ctx, lookup.NewResolver(lookup.Options{Client: destinationClient(d, host, ts), Attempts: 1}))
}
