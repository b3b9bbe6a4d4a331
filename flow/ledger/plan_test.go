package ledger

import (
	"strings"
	"testing"
)

// TestQueriesUseIndexes guards against lookups that scan the whole ledger:
// with millions of records, one scan per record would stall a run.
func TestQueriesUseIndexes(t *testing.T) {
	l, _ := openTest(t, nil)
	tests := []struct{ query, index string }{
		{statesSQL(2), "PRIMARY KEY"},
		{statesSQL(statesChunk), "PRIMARY KEY"},
		{basesSQL(2), "PRIMARY KEY"},
		{basesSQL(basesChunk), "PRIMARY KEY"},
		{`SELECT ` + entryColumns + ` FROM records WHERE state = ? ORDER BY pos, key LIMIT ?`, "records_state_pos"},
		{`SELECT state, count(*) FROM records GROUP BY state`, "records_state_pos"},
		{`SELECT ` + entryColumns + ` FROM records WHERE pos = ? ORDER BY key`, "records_pos"},
		{`SELECT count(*) FROM records WHERE clio_id = ? AND state = 'delivered'`, "records_delivered_clio"},
		{`UPDATE records SET state = 'in_doubt', updated_at = ? WHERE state = 'in_flight'`, "records_state_pos"},
	}
	for _, tt := range tests {
		args := []any{1, 2}
		if n := strings.Count(tt.query, "?"); n > 2 {
			args = make([]any, n)
			for i := range args {
				args[i] = "k"
			}
		}
		rows, err := l.w.Query(`EXPLAIN QUERY PLAN `+tt.query, args...)
		if err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		got := strings.Join(plan, "; ")
		if !strings.Contains(got, tt.index) {
			t.Errorf("%s\nplan %q does not use %s", tt.query, got, tt.index)
		}
	}
}
