package deliver

import (
	"encoding/json"
	"os"
)

// Running reports the run that holds the delivery lock of the ledger at
// ledgerPath, read without taking the lock (taking it, even for a moment,
// could turn away an activation starting then). A run writes itself into
// the lock file and empties it when it ends; a killed run leaves its text
// behind, so the holder counts as running only while its process is alive.
// A holder on another host cannot be checked and counts as running.
func Running(ledgerPath string) (Holder, bool) {
	data, err := os.ReadFile(LockPath(ledgerPath))
	if err != nil || len(data) == 0 {
		return Holder{}, false
	}
	var h Holder
	if json.Unmarshal(data, &h) != nil || h.PID <= 0 {
		return Holder{}, false
	}
	if host, _ := os.Hostname(); h.Host != "" && h.Host != host {
		return h, true
	}
	return h, processAlive(h.PID)
}
