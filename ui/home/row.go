package home

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/internal/realpath"
)

// row is one destination file as the home lists it. The file's own fields
// are read at once; the ledger's (glance) arrive in the background.
type row struct {
	path     string    // the file, as found in the folder
	mtime    time.Time // the file's modification time when read
	d        *flow.Destination
	problem  string // the file does not load: its first problem, with its line
	name     string
	endpoint string
	nexset   string

	glance  glance
	glanced bool // glance has been read at least once
}

// eagerRows is how many destination files scan parses before the first
// frame (more than a screen shows); the rest are parsed by the first
// refreshes, in the background, as their ledgers are read.
const eagerRows = 40

// scan lists the destination files in dir (YAML files that look like one:
// the header they are written with, or a mapping with a nexset or endpoint
// section), sorted by file name, the first eagerRows loaded. A file that
// does not load is kept, with its first problem.
func scan(dir string) ([]row, error) {
	paths, err := yamlFiles(dir)
	if err != nil {
		return nil, err
	}
	rows := make([]row, 0, len(paths))
	for _, p := range paths {
		if len(rows) < eagerRows {
			if r, ok := readRow(p); ok {
				rows = append(rows, r)
			}
			continue
		}
		if isDestination(p) {
			// Parsed later: a zero mtime makes the refresh read it.
			stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
			rows = append(rows, row{path: p, name: stem})
		}
	}
	return rows, nil
}

// yamlFiles lists dir's YAML files, sorted.
func yamlFiles(dir string) ([]string, error) {
	var paths []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		ps, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		paths = append(paths, ps...)
	}
	sort.Strings(paths)
	return paths, nil
}

// HasDestinations reports whether dir holds at least one destination file:
// then `cliodest` opens the home there rather than the wizard.
func HasDestinations(dir string) bool {
	paths, err := yamlFiles(dir)
	if err != nil {
		return false
	}
	for _, p := range paths {
		if isDestination(p) {
			return true
		}
	}
	return false
}

// isDestination reads the file at path and tells whether it looks like a
// destination file.
func isDestination(path string) bool {
	data, err := os.ReadFile(path)
	return err == nil && looksLikeDestination(data)
}

// readRow reads the file at path into a row; ok is false when it cannot be
// read or is not a destination file.
func readRow(path string) (r row, ok bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return row{}, false
	}
	r, ok, _ = readRowAt(path, fi)
	return r, ok
}

// readRowAt is readRow of the file fi describes; err is why it could not
// be read (ok is then false too).
func readRowAt(path string, fi fs.FileInfo) (r row, ok bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return row{}, false, err
	}
	if !looksLikeDestination(data) {
		return row{}, false, nil
	}
	r = loadRow(path, data)
	r.mtime = fi.ModTime()
	return r, true, nil
}

// looksLikeDestination tells a destination file (even a broken one) from
// other YAML in the folder: the header the files are written with, or a
// top-level nexset or endpoint key.
func looksLikeDestination(data []byte) bool {
	if strings.HasPrefix(string(data), "# cliodest destination file") {
		return true
	}
	var top map[string]any
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	_, n := top["nexset"]
	_, e := top["endpoint"]
	return n || e
}

// loadRow reads one file into a row; a file with problems keeps what could
// be read (its name) and its first problem.
func loadRow(path string, data []byte) row {
	r := row{path: path, name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}
	d, err := flow.Parse(data, filepath.Base(path))
	if d != nil {
		d.Dir = filepath.Dir(realpath.Of(path))
		if d.Name != "" {
			r.name = d.Name
		}
		r.endpoint = endpointWords(d.Endpoint)
		r.nexset = d.Nexset.Path
	}
	var le *flow.LoadError
	switch {
	case errors.As(err, &le) && len(le.Problems) > 0:
		r.problem = le.Problems[0].String()
	case err != nil:
		r.problem = err.Error()
	default:
		r.d = d
	}
	return r
}

// endpointWords is the endpoint as the list shows it: a template's title,
// or an Advanced endpoint's method and path.
func endpointWords(e flow.Endpoint) string {
	if e.Template != "" {
		if t, err := flow.LookupTemplate(e.Template); err == nil {
			return t.Title
		}
		return e.Template
	}
	return strings.TrimSpace(e.Method + " " + e.URL)
}
