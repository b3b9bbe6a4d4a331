package flow

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"runtime/debug"
	"sync"
)

// BodySettings is a fingerprint of what shapes a record's body besides the
// record itself: the destination's settings and this build of cliodest (its
// catalogue, conversions and time zones). A re-activation that finds a
// record's content and these settings as they were when it was delivered
// knows the record unchanged without building its body (flow/sync Basis).
//
// Settings that only name the destination, say where its file or Nexset
// is, which credential sends, how records are batched, where answers go or
// what a re-activation does with a changed or removed record are left
// out: they shape no body. Everything else counts, including what may
// not shape the body today (a change there costs one full comparison, a
// missed one would hide a change). "" when it cannot be made: every
// record is then built and compared.
func (p *Planner) BodySettings() string {
	d := *p.d
	d.Name, d.Status, d.Credential, d.Dir = "", "", "", ""
	d.Nexset.Path = ""
	d.Batching, d.ResponseWebhook = Batching{}, WebhookCfg{}
	d.OnChange, d.OnExists, d.OnConflict, d.OnRemove = "", "", "", ""
	b, err := json.Marshal(struct {
		Build       string
		Destination Destination
	}{buildStamp(), d})
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// buildStamp names this build: its module version, VCS revision and Go
// version, as far as the build recorded them. A release, or a commit,
// changes it; a development build of a modified tree does not tell its
// changes (vcs.modified says only that there are some).
var buildStamp = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	s := bi.GoVersion + " " + bi.Main.Path + "@" + bi.Main.Version
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision", "vcs.time", "vcs.modified":
			s += " " + kv.Key + "=" + kv.Value
		}
	}
	return s
})
