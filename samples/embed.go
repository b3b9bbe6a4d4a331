// Package samples holds the example Nexsets and destination files, embedded in
// the binary so that `cliodest demo` works from any directory, without a clone
// of the repository.
package samples

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// The destination files name their Nexsets relative to their own directory,
// so the set works wherever it is written as long as it stays together.
//
//go:embed *.csv *.jsonl *.json *.yaml
var files embed.FS

// DemoNexset is the Nexset cliodest demo opens its wizard on: a firm's time
// export that names matters by display number, lawyers by e-mail and
// activities by name, so the wizard shows its look-ups at work.
const DemoNexset = "firm-time.csv"

// FS is the embedded sample files, flat (no directories).
func FS() fs.FS { return files }

// Names lists the embedded files, sorted.
func Names() []string {
	entries, _ := files.ReadDir(".") // an embed.FS root always reads
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// WriteTo copies every sample into dir (created with mode 0700 if missing).
// A file that already exists there is left as it is: the user may have
// edited it, and the demo must never destroy work.
func WriteTo(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the samples directory: %w", err)
	}
	for _, name := range Names() {
		data, err := files.ReadFile(name)
		if err != nil {
			return fmt.Errorf("reading embedded sample %s: %w", name, err)
		}
		target := filepath.Join(dir, name)
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("writing sample %s: %w", target, err)
		}
		_, werr := f.Write(data)
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			return fmt.Errorf("writing sample %s: %w", target, err)
		}
	}
	return nil
}
