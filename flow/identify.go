package flow

import "github.com/cliodest/cliodest/flow/nexset"

// identify is the first step of Prepare: the content of the record's
// fields (after exclusion) as hashed, and its key.
func (p *Planner) identify(fields map[string]any, rec nexset.Record) (content []byte, key string, err error) {
	if content, err = encodeContent(fields); err != nil {
		return nil, "", err
	}
	if key, err = keyOf(fields, rec, p.d.Nexset.Key, content); err != nil {
		return nil, "", err
	}
	return content, key, nil
}

// Identify is a record's reference (position, line, key and content hash)
// without its body being built: what a re-activation needs to find a
// record unchanged (flow/sync Basis). ok is false when Prepare would fail
// the record for its key or content; Prepare then says why.
func (p *Planner) Identify(rec nexset.Record) (ref RecordRef, ok bool) {
	fields := rec.Fields // only read: copied only when something is excluded
	if len(p.d.Exclude) > 0 {
		fields = stripExcluded(fields, p.d.Exclude)
	}
	content, key, err := p.identify(fields, rec)
	if err != nil {
		return RecordRef{}, false
	}
	return RecordRef{Pos: rec.Pos, Line: rec.Line, Key: key, Hash: contentHash(content)}, true
}
