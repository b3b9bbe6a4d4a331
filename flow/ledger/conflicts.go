package ledger

import "fmt"

// Conflict is a key the Nexset uses for more than one record, with the
// failure its records got (which names their lines).
type Conflict struct {
	Key     string
	Message string
	Run     int64
}

// SetConflicts records the duplicate keys a run found. With replace (a run
// that read the whole Nexset first) they replace what earlier runs found,
// so a key made unique disappears; else (standard input, --follow) they are
// added.
func (l *Ledger) SetConflicts(cs []Conflict, replace bool) error {
	if len(cs) == 0 && !replace {
		return nil
	}
	for i, c := range cs {
		if err := checkKey("conflicts", i, c.Key); err != nil {
			return err
		}
	}
	return l.submit(&op{
		rows:   len(cs) + 1,
		atomic: true,
		apply: func(t *txStatements, _ int64) error {
			if replace {
				if _, err := t.tx.Exec(`DELETE FROM conflicts`); err != nil {
					return fmt.Errorf("clear conflicts: %w", err)
				}
			}
			for _, c := range cs {
				if _, err := t.tx.Exec(`INSERT INTO conflicts (key, message, run) VALUES (?, ?, ?)
					ON CONFLICT (key) DO UPDATE SET message = excluded.message, run = excluded.run`,
					c.Key, truncate(c.Message, maxErrMessage), c.Run); err != nil {
					return fmt.Errorf("record conflict %q: %w", c.Key, err)
				}
			}
			return nil
		},
	})
}

// Conflicts returns the duplicate keys the runs found, by key.
func (l *Ledger) Conflicts() ([]Conflict, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	rows, err := l.r.Query(`SELECT key, message, run FROM conflicts ORDER BY key`)
	if err != nil {
		return nil, l.classify("read conflicts", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.Key, &c.Message, &c.Run); err != nil {
			return nil, l.classify("read conflicts", err)
		}
		out = append(out, c)
	}
	return out, l.classify("read conflicts", rows.Err())
}
