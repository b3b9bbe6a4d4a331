package deliver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// Optimistic locking. The ledger keeps the etag Clio returned for
// cliodest's last write of each object; the update of a changed record
// (sync.go) sends it as If-Match, so Clio refuses it with 412 when the
// object changed since. A 412 alone does not say who changed it: a retry
// of our own update whose answer was lost (or a run killed after sending
// it) meets 412 too, because our first attempt changed the etag. So a 412
// is followed by a read of the object: when Clio holds, on every
// attribute sent, what the record says, the update is there (ours, or the
// same change by someone else) and the record is delivered with the etag
// read; otherwise staff changed it, and it is an edit conflict — kept
// (on_conflict: skip, the default) or overwritten with the etag just read
// (on_conflict: overwrite, or retry --overwrite-conflicts after the
// analyst looked). A conflict is never overwritten silently: it is a
// failed record of type ledger.ConflictType, with the attributes that
// differ and the etag Clio showed, listed by status --conflicts.
//
// A job that sets ifMatch gets this handling; another step that PATCHes an
// object whose etag it knows (read from Clio, or from the ledger) does
// the same by setting it: find-or-create's update of the object found
// (findby.go) does.

// lockUpdate sets the If-Match of an update job from its record's ledger
// row: the etag of cliodest's last write, or for an edit conflict that
// retry --overwrite-conflicts sends, the etag Clio showed at the conflict.
func (e *engine) lockUpdate(j *job) error {
	if e.dry || e.o.Ledger == nil || len(j.call.Records) != 1 {
		return nil
	}
	ent, ok, err := e.o.Ledger.Get(j.call.Records[0].Key)
	if err != nil {
		return fmt.Errorf("reading the ledger: %w", err)
	}
	if !ok {
		return nil
	}
	j.target = ent.ClioID
	if ent.IsConflict() {
		j.ifMatch, j.overwrite = ent.SeenETag, true
		return nil
	}
	j.ifMatch = ent.ETag
	return nil
}

// retryConflict reports whether a retry sends an edit conflict again: only
// with --overwrite-conflicts, and only as the update of its object.
func (e *engine) retryConflict(it flow.Item) bool {
	if _, update := e.updates[it.Ref.Key]; update && e.o.OverwriteConflicts {
		return true
	}
	e.count(func(s *Summary) { s.ConflictsLeft++ })
	return false
}

// editConflict is the error recorded for a record whose object changed in
// Clio since cliodest last wrote it.
type editConflict struct {
	id      int64
	differs []string // attributes whose value in Clio is not the record's
	unknown string   // why what differs could not be read, when it could not
	seen    string   // the etag Clio showed
	again   bool     // met while overwriting an earlier conflict
	found   bool     // the object was found by find_by, not written by cliodest before
	kept    bool     // not overwritten: the record is an edit conflict
}

func (c *editConflict) Error() string {
	var b strings.Builder
	since := "cliodest last wrote it"
	if c.found {
		since = "find_by found it"
	}
	fmt.Fprintf(&b, "Clio object %d changed in Clio since %s", c.id, since)
	if c.again {
		b.WriteString(" (again, after the conflict was reported)")
	}
	if c.unknown != "" {
		fmt.Fprintf(&b, "; what differs is unknown (%s)", c.unknown)
	} else {
		fmt.Fprintf(&b, "; differs from this record: %s", strings.Join(c.differs, ", "))
	}
	if c.kept {
		b.WriteString("; Clio's values kept (retry --overwrite-conflicts sends this record's)")
	}
	return b.String()
}

// preconditionFailed settles a 412 to job j's update (made with If-Match
// j.ifMatch, the row in flight). It returns the etag to send the update
// again with when it is to overwrite staff's change; "" when the record is
// settled (delivered, conflict, failed), and then the row is written.
func (e *engine) preconditionFailed(j *job, status int, body []byte, sendErr error) string {
	c, id := j.call, j.target
	found := e.updatesExisting(c)
	data, err := sentData(c.Body)
	var fields string
	var names []string
	if err == nil {
		fields, names, err = selection(e.planner.Operation(), data)
	}
	if err != nil {
		e.conflicted(j, status, body, &editConflict{id: id, unknown: err.Error(), again: j.overwrite, found: found})
		return ""
	}
	path, _, _ := strings.Cut(c.Path, "?")
	var obj map[string]any
	var got []byte
	rerr := e.readPaced(func() error {
		raw, resp, err := e.o.Client.Get(e.sendCtx, path, "id,etag,"+fields)
		if err != nil {
			return err
		}
		if resp != nil {
			got = resp.Body
		}
		obj, _, err = objectOf(raw)
		return err
	})
	if rerr != nil {
		if statusOf(rerr) == http.StatusNotFound {
			e.record(c, ledger.Failed, http.StatusNotFound, nil,
				fmt.Errorf("the object (Clio ID %d) was deleted in Clio since cliodest last wrote it: %w", id, rerr))
			return ""
		}
		if e.stopping() {
			// Certainly not applied (412): the next run sends it again.
			e.record(c, ledger.Pending, status, body, sendErr)
			return ""
		}
		e.conflicted(j, status, body, &editConflict{id: id, unknown: "reading it back failed: " + rerr.Error(), again: j.overwrite, found: found})
		return ""
	}
	seen, _ := obj["etag"].(string)
	var differs []string
	for _, n := range names {
		if !sameAs(data[n], obj[n]) {
			differs = append(differs, n)
		}
	}
	if len(differs) == 0 {
		// Clio holds the record's values: our own earlier attempt landed
		// (its answer lost), or someone made the same change. Not a conflict.
		e.record(c, ledger.Delivered, http.StatusOK, got, nil)
		e.hooks.put(e.o.Destination.ResponseDoc(c, http.StatusOK, got, nil, time.Now()))
		return ""
	}
	ec := &editConflict{id: id, differs: differs, seen: seen, again: j.overwrite, found: found}
	if e.planner.ConflictRule() == flowsync.Overwrite && !j.overwrite && seen != "" {
		e.emit(RecordConflict{Pos: c.Records[0].Pos, Line: c.Records[0].Line, Key: c.Records[0].Key, ClioID: id,
			Differs: differs, Action: ConflictOverwrite, Message: ec.Error()})
		// Certainly not applied (412): pending until the overwrite goes out.
		if !e.record(c, ledger.Pending, status, body, sendErr) {
			return ""
		}
		j.overwrite = true
		return seen
	}
	e.conflicted(j, status, body, ec)
	return ""
}

// conflicted records an edit conflict: failed, with the etag Clio showed
// and what differs (record emits RecordConflict and counts it).
func (e *engine) conflicted(j *job, status int, body []byte, ec *editConflict) {
	ec.kept = true
	e.record(j.call, ledger.Failed, status, body, ec)
	e.hooks.put(e.o.Destination.ResponseDoc(j.call, status, body, ec, time.Now()))
}

// conflictOf is the edit conflict err records, or nil.
func conflictOf(err error) *editConflict {
	var ec *editConflict
	if errors.As(err, &ec) {
		return ec
	}
	return nil
}

// etagsOf reads the objects' etags from an answer, for each of n records:
// data.etag, or data[i].etag for an array.
func etagsOf(body []byte, n int) []string {
	out := make([]string, n)
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Data) > 0 {
		type obj struct {
			ETag string `json:"etag"`
		}
		var one obj
		var many []obj
		switch {
		case n == 1 && json.Unmarshal(env.Data, &one) == nil:
			out[0] = one.ETag
		case json.Unmarshal(env.Data, &many) == nil:
			for i := 0; i < n && i < len(many); i++ {
				out[i] = many[i].ETag
			}
		}
	}
	return out
}
