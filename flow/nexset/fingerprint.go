package nexset

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// fingerprintBlock is how much of each end of a file a Fingerprint hashes.
const fingerprintBlock = 64 << 10

// Fingerprint tells whether a Nexset file is still the one a run started
// with: its identity (device and inode), size, modification time and a hash
// of its first and last blocks. A rewrite in place changes the time (and
// usually the ends); a replacement changes the identity.
type Fingerprint struct {
	info    os.FileInfo
	size    int64
	modTime time.Time
	ends    [sha256.Size]byte
}

// TakeFingerprint fingerprints the file at path.
func TakeFingerprint(path string) (Fingerprint, error) {
	f, err := openFile(path)
	if err != nil {
		return Fingerprint{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Fingerprint{}, err
	}
	fp := Fingerprint{info: st, size: st.Size(), modTime: st.ModTime()}
	h := sha256.New()
	head := min(st.Size(), fingerprintBlock)
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, head)); err != nil {
		return Fingerprint{}, err
	}
	tail := max(head, st.Size()-fingerprintBlock)
	if _, err := io.Copy(h, io.NewSectionReader(f, tail, st.Size()-tail)); err != nil {
		return Fingerprint{}, err
	}
	h.Sum(fp.ends[:0])
	return fp, nil
}

// Unchanged checks path against the fingerprint: quick checks only the
// identity, size and modification time (one stat, for every few hundred
// records), else the ends are hashed again too. The error says what changed.
func (fp Fingerprint) Unchanged(path string, quick bool) error {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("it was removed")
		}
		return err
	}
	switch {
	case !os.SameFile(st, fp.info):
		return fmt.Errorf("another file took its place")
	case st.Size() != fp.size:
		return fmt.Errorf("its size went from %d to %d bytes", fp.size, st.Size())
	case !st.ModTime().Equal(fp.modTime):
		return fmt.Errorf("it was written at %s", st.ModTime().Format(time.RFC3339Nano))
	case quick:
		return nil
	}
	now, err := TakeFingerprint(path)
	if err != nil {
		return err
	}
	if now.ends != fp.ends {
		return fmt.Errorf("its content differs")
	}
	return nil
}

// appendCheck is how many bytes at each end of what a followed file yielded
// are kept to compare with the file.
const appendCheck = 4096

// appendOnly remembers the first and the latest bytes a followed file
// yielded, so that a rewrite of what was already read is caught, not only
// truncation and replacement: a followed Nexset may only grow at its end.
type appendOnly struct {
	start int64  // offset of first
	first []byte // the first bytes read
	last  []byte // the bytes just before the read offset
}

// saw records bytes p just read.
func (a *appendOnly) saw(p []byte) {
	if len(a.first) < appendCheck {
		a.first = append(a.first, p[:min(appendCheck-len(a.first), len(p))]...)
	}
	if len(p) >= appendCheck {
		a.last = append(a.last[:0], p[len(p)-appendCheck:]...)
		return
	}
	if drop := len(a.last) + len(p) - appendCheck; drop > 0 {
		a.last = append(a.last[:0], a.last[drop:]...)
	}
	a.last = append(a.last, p...)
}

// rewritten reports whether f no longer holds, at their offsets, the bytes
// recorded; off is the read offset.
func (a *appendOnly) rewritten(f *os.File, off int64) (bool, error) {
	for _, part := range []struct {
		at int64
		b  []byte
	}{{a.start, a.first}, {off - int64(len(a.last)), a.last}} {
		if len(part.b) == 0 {
			continue
		}
		got := make([]byte, len(part.b))
		if _, err := f.ReadAt(got, part.at); err != nil {
			if errors.Is(err, io.EOF) {
				return true, nil
			}
			return false, err
		}
		if !bytes.Equal(got, part.b) {
			return true, nil
		}
	}
	return false, nil
}
