package cmd

import (
	"slices"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
)

// requestHost is the host a destination's requests will go to, when it can
// be known without the network or the keyring, chosen as cred.Resolve
// chooses: --base-url/CLIODEST_BASE_URL or base_url; else CLIODEST_TOKEN's
// default region; else the saved credential's own host (read from the
// credentials index). ok is false when nothing tells.
func requestHost(f *Factory, d *flow.Destination) (clio.Host, bool) {
	if h, ok, err := destinationHost(f, d); err == nil && ok {
		return h, true
	} else if err != nil {
		return clio.Host{}, false // reported as a base_url problem elsewhere
	}
	if f.Token() != "" {
		h, err := clio.RegionHost("us")
		return h, err == nil
	}
	store, err := newCredStore(f)
	if err != nil {
		return clio.Host{}, false
	}
	name := d.Credential
	if name == "" {
		creds, err := store.List()
		if err != nil || len(creds) != 1 {
			return clio.Host{}, false
		}
		name = creds[0].Name
	}
	var c cred.Credential
	if c, err = store.Get(name); err != nil {
		return clio.Host{}, false
	}
	h, err := c.Host()
	return h, err == nil
}

// hostProblems is flow's host check of an Advanced absolute URL against the
// host requests will go to, leaving out what ps already says (base_url is
// checked by flow itself).
func hostProblems(f *Factory, d *flow.Destination, ps flow.Problems) flow.Problems {
	h, ok := requestHost(f, d)
	if !ok {
		return nil
	}
	var out flow.Problems
	for _, p := range d.CheckHost(h) {
		if !slices.ContainsFunc(ps, func(q flow.Problem) bool { return q.Field == p.Field && q.Message == p.Message }) {
			out = append(out, p)
		}
	}
	return out
}
