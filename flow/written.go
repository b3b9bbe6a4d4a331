package flow

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
)

// WrittenByCliodest says what a file is when cliodest itself wrote it — "a
// ledger", "a response file", "a sandbox request log" — from its first bytes,
// so a Nexset picker can leave it out; "" for anything else, unreadable files
// included (they are not ours to judge).
func WrittenByCliodest(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(16)
	if bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return "a ledger"
	}
	line, err := br.ReadSlice('\n')
	if err != nil && len(line) == 0 {
		return ""
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimSpace(line), &keys) != nil {
		return ""
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := keys[n]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("destination_id", "records", "status", "method", "url"):
		return "a response file"
	case has("time", "method", "path", "status") && len(keys) <= 7:
		return "a sandbox request log"
	}
	return ""
}
