package deliver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// Two activations of one destination at once would both send its records
// and each take the other's in-flight records for a dead run's (in doubt).
// A run therefore holds an exclusive lock on a file beside the ledger
// (LockPath) for as long as it may write. The lock is the operating
// system's (flock, LockFileEx), released by the kernel when the process
// ends however it ends, so a killed run leaves no stale lock: the file may
// stay, but the next run takes it over. The file names the holder (PID,
// host, start) so the refusal can say who holds it.

// LockPath is the lock file of a ledger: the ledger's path plus ".lock".
func LockPath(ledgerPath string) string { return ledgerPath + ".lock" }

// Lock is a held delivery lock; Release it when the run ends.
type Lock struct {
	f    *os.File
	path string
}

// Holder is what a lock file says about the run holding it.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
}

// LockedError refuses a run because another one holds the destination.
type LockedError struct {
	Path   string
	Holder Holder // zero when the holder had not written itself yet
}

func (e *LockedError) Error() string {
	who := "another cliodest process"
	if e.Holder.PID > 0 {
		who = "cliodest process " + strconv.Itoa(e.Holder.PID)
		if e.Holder.Host != "" {
			who += " on " + e.Holder.Host
		}
		if !e.Holder.Started.IsZero() {
			who += " (since " + e.Holder.Started.Local().Format("2006-01-02 15:04:05") + ")"
		}
	}
	return fmt.Sprintf("this destination is being delivered by %s: wait for it to end, or stop it with cliodest pause (lock file %s)", who, e.Path)
}

// errLocked is what the platform's try-lock returns when another holds it.
var errLocked = errors.New("locked")

// AcquireLock takes the delivery lock at path without waiting: a
// *LockedError when another run holds it.
func AcquireLock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the lock file %s: %w", path, err)
	}
	if err := tryLock(f); err != nil {
		var h Holder
		if data, rerr := io.ReadAll(io.LimitReader(f, 4096)); rerr == nil {
			_ = json.Unmarshal(data, &h) // an empty or half-written file: holder unknown
		}
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, &LockedError{Path: path, Holder: h}
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	host, _ := os.Hostname()
	data, _ := json.Marshal(Holder{PID: os.Getpid(), Host: host, Started: time.Now().UTC()})
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt(append(data, '\n'), 0)
		if err != nil {
			unlock(f)
			f.Close()
			return nil, fmt.Errorf("writing the lock file %s: %w", path, err)
		}
	}
	return &Lock{f: f, path: path}, nil
}

// Release empties the lock file (no holder) and lets the next run in.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
