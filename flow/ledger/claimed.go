package ledger

import (
	"strings"
)

// HeldIDs returns, of the given Clio ids, those a record of the ledger
// already holds, each with that record's key. An object found in Clio for a
// record in doubt must not be one another record already answers for.
func (l *Ledger) HeldIDs(ids []int64) (map[int64]string, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	out := map[int64]string{}
	const batch = 500 // well under SQLite's bound on parameters
	for start := 0; start < len(ids); start += batch {
		part := ids[start:min(start+batch, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		q := `SELECT clio_id, key FROM records WHERE clio_id IN (?` + strings.Repeat(",?", len(part)-1) + `)`
		rows, err := l.r.Query(q, args...)
		if err != nil {
			return nil, l.classify("look up clio ids", err)
		}
		for rows.Next() {
			var id int64
			var key string
			if err := rows.Scan(&id, &key); err != nil {
				rows.Close()
				return nil, l.classify("look up clio ids", err)
			}
			out[id] = key
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, l.classify("look up clio ids", err)
		}
	}
	return out, nil
}
