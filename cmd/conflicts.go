package cmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// Edit conflicts (flow/deliver's conflict.go) as the commands show them:
// the record_conflict event, the summary's part, and status --conflicts.

// recordConflictJSON is record_conflict: an update met a change made in
// Clio since cliodest last wrote the object.
type recordConflictJSON struct {
	Event   string   `json:"event"`
	Pos     int      `json:"pos"`
	Line    int      `json:"line"`
	Key     string   `json:"key"`
	ClioID  int64    `json:"clio_id"`
	Differs []string `json:"differs"` // null when what differs could not be read
	Action  string   `json:"action"`
	Message string   `json:"message"`
}

func newRecordConflictJSON(e deliver.RecordConflict) recordConflictJSON {
	return recordConflictJSON{"record_conflict", e.Pos, e.Line, e.Key, e.ClioID, e.Differs, e.Action, e.Message}
}

// conflictLine is a RecordConflict as the progress printer shows it.
func conflictLine(e deliver.RecordConflict) string {
	what := "edit conflict"
	if e.Action == deliver.ConflictOverwrite {
		what = "changed in Clio, overwriting (on_conflict: overwrite)"
	}
	return fmt.Sprintf("record %d (line %d, key %s) %s: %s", e.Pos, e.Line, e.Key, what, e.Message)
}

// writeConflicts adds the run's edit conflicts to the summary line.
func writeConflicts(w io.Writer, s deliver.Summary) {
	if s.Conflicts > 0 {
		fmt.Fprintf(w, " · %d edit conflict(s): changed in Clio, kept (status --conflicts lists them)", s.Conflicts)
	}
	if s.Overwritten > 0 {
		fmt.Fprintf(w, " · %d overwritten over a change in Clio", s.Overwritten)
	}
	if s.ConflictsLeft > 0 {
		fmt.Fprintf(w, " · %d edit conflict(s) left (retry --overwrite-conflicts sends them)", s.ConflictsLeft)
	}
}

// conflictHint is what the command's last words add when the run met or
// left edit conflicts, which a plain retry does not send.
func conflictHint(s deliver.Summary, file string) string {
	if n := s.Conflicts + s.ConflictsLeft; n > 0 {
		return fmt.Sprintf("; %d edit conflict(s) keep Clio's values: see cliodest status --conflicts %s, and cliodest retry --overwrite-conflicts %s sends the records' values over them", n, file, file)
	}
	return ""
}

// conflictJSON is one edit conflict as status --conflicts reports it.
type conflictJSON struct {
	Pos       int       `json:"pos"`
	Line      int       `json:"line,omitempty"` // absent when unknown
	Key       string    `json:"key"`
	ClioID    int64     `json:"clio_id"`
	Message   string    `json:"message"` // names the attributes that differ, or why that is unknown
	Run       int64     `json:"run"`
	UpdatedAt time.Time `json:"updated_at"`
}

// conflictsJSON are the ledger's edit conflicts as status reports them.
func conflictsJSON(es []ledger.Entry) []conflictJSON {
	out := make([]conflictJSON, len(es))
	for i, e := range es {
		out[i] = conflictJSON{Pos: e.Pos, Line: e.Line, Key: e.Key, ClioID: e.ClioID, Message: e.ErrMessage, Run: e.Run, UpdatedAt: e.UpdatedAt}
	}
	return out
}

// writeConflictCount says how many failed records are edit conflicts.
func writeConflictCount(w io.Writer, rep statusReport) {
	if rep.Conflicts > 0 {
		fmt.Fprintf(w, "Edit conflicts: %d of the failed records changed in Clio since delivered (on_conflict %s); status --conflicts lists them\n", rep.Conflicts, rep.OnConflict)
	}
}

// writeConflictList lists the edit conflicts and what to do with them.
func writeConflictList(w io.Writer, file string, cs []conflictJSON) {
	if len(cs) == 0 {
		fmt.Fprintln(w, "Edit conflicts: none")
		return
	}
	fmt.Fprintf(w, "Edit conflicts (%d): changed in Clio since cliodest last wrote them; Clio's values kept:\n", len(cs))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  POS\tLINE\tKEY\tCLIO ID\tWHAT DIFFERS")
	for _, c := range cs {
		line := "-"
		if c.Line > 0 {
			line = fmt.Sprint(c.Line)
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%d\t%s\n", c.Pos, line, c.Key, c.ClioID, c.Message)
	}
	tw.Flush()
	fmt.Fprintf(w, "To send the records' values over Clio's: cliodest retry --overwrite-conflicts %s\n", file)
}

// conflictRule is the on_conflict a run of d would use.
func conflictRule(onConflict string) string {
	oc, err := flowsync.ParseOnConflict(onConflict)
	if err != nil {
		return strings.TrimSpace(onConflict)
	}
	return string(oc)
}
