package ledger

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/cliodest/cliodest/internal/realpath"
)

// Identity names the destination a ledger belongs to.
type Identity struct {
	ID   string // stable id stored in the destination file (e.g. a UUID); must not be empty
	Name string // human-readable name, for messages; may change over time
}

// Ledger is the delivery record of one destination. Its methods are safe for
// concurrent use.
type Ledger struct {
	path string
	dest Identity
	now  func() time.Time

	w *sql.DB // exactly one connection; only the writer goroutine and Open write
	r *sql.DB // read-only pool; WAL lets it read while the writer commits

	stmts *statements
	keyed keyStmts // look-ups by lists of keys, on r (inkeys.go)

	mu     sync.RWMutex // guards closed and every send on ops
	closed bool
	ops    chan *op
	done   chan struct{} // closed when the writer goroutine has exited

	// Group-commit figures, for tests and benchmarks.
	commits, committedOps atomic.Int64

	runMu    sync.Mutex
	openRuns map[int64]bool // runs this handle started and has not finished

	readOnly bool // OpenReadOnly: no writer, no w, no statements
	version  int  // OpenReadOnly: the file's schema version (Version)
}

// options are the knobs tests and benchmarks turn; Open uses the defaults.
type options struct {
	now  func() time.Time
	sync string // PRAGMA synchronous for the writer: NORMAL (default) or FULL
}

// Open opens the ledger at path for destination dest, creating the file
// (mode 0600) and its directory (mode 0700) when missing.
//
// Errors: *MismatchError when the file belongs to another destination,
// *VersionError when a newer cliodest wrote it, *CorruptError when it is not
// a ledger; any other error (permissions, full disk) is SQLite's or the OS's,
// wrapped with the path.
func Open(path string, dest Identity) (*Ledger, error) {
	return open(path, dest, options{})
}

// DefaultPath is where a destination's ledger lives: beside the destination
// file, with the extension replaced by ".ledger.db"
// (samples/time-entries.yaml → samples/time-entries.ledger.db). Symbolic
// links are resolved first, so a link to a destination shares its ledger
// (and so its lock) instead of starting an empty one.
func DefaultPath(destFile string) string {
	dir, base := filepath.Split(realpath.Of(destFile))
	if stem := strings.TrimSuffix(base, filepath.Ext(base)); stem != "" {
		base = stem
	}
	return dir + base + ".ledger.db"
}

// Path is the file the ledger lives in.
func (l *Ledger) Path() string { return l.path }

// Destination is the identity the ledger was opened for.
func (l *Ledger) Destination() Identity { return l.dest }

func open(path string, dest Identity, o options) (*Ledger, error) {
	if strings.TrimSpace(dest.ID) == "" {
		return nil, fmt.Errorf("open ledger %s: destination id is empty", path)
	}
	if path == "" {
		return nil, errors.New("open ledger: empty path")
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.sync == "" {
		o.sync = "NORMAL"
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	// Two openers of a new file (two runs started together) can meet
	// SQLite's locks while one turns the file to WAL mode or writes the
	// tables; SQLite answers some of those at once with SQLITE_BUSY,
	// without its busy handler. Such an attempt is retried, within the same
	// ten seconds the busy handler would have waited.
	deadline := time.Now().Add(busyWindow)
	for pause := 5 * time.Millisecond; ; pause = min(2*pause, 200*time.Millisecond) {
		l, err := openOnce(path, abs, dest, o)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return l, err
		}
		time.Sleep(pause)
	}
}

// busyWindow is how long an opener keeps trying a ledger that another
// process holds locked, as the busy_timeout pragma below does for each
// statement.
const busyWindow = 10 * time.Second

// openOnce is one attempt of open on the absolute path abs.
func openOnce(path, abs string, dest Identity, o options) (*Ledger, error) {
	created, err := prepareFile(path, abs)
	if err != nil {
		return nil, err
	}

	uri := fileURI(abs)
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(0)"
	w, err := sql.Open("sqlite", uri+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous("+o.sync+")&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)

	l := &Ledger{
		path:     path,
		dest:     dest,
		now:      o.now,
		w:        w,
		ops:      make(chan *op, 256),
		done:     make(chan struct{}),
		openRuns: map[int64]bool{},
	}
	if err := l.initSchema(); err != nil {
		w.Close()
		if created && !isBusy(err) && stillEmpty(abs) {
			os.Remove(abs) // an empty file left behind would be refused as not a ledger
		}
		return nil, err
	}
	if l.stmts, err = prepareStatements(w); err != nil {
		w.Close()
		return nil, l.wrap("prepare statements", err)
	}

	r, err := sql.Open("sqlite", uri+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		l.stmts.close()
		w.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	l.r = r

	go l.writer()
	return l, nil
}

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// prepareFile creates the directory and an empty 0600 file, or checks that
// an existing file at least looks like a database, so a wrong path gets a
// clear message instead of SQLite's terse one. Only a missing file is
// created: an existing empty one is refused (see emptyFileError).
func prepareFile(path, abs string) (created bool, err error) {
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return false, fmt.Errorf("open ledger %s: create directory: %w%s", path, err, diskHint(err))
	}
	fi, err := os.Stat(abs)
	if err == nil && fi.Mode().IsRegular() && fi.Size() == 0 && !hasWAL(abs) {
		fi, err = awaitCreator(abs, fi)
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		// SQLite would create it with the umask (often 0644); the ledger
		// names the records of a client, so only the owner reads it.
		f, err := os.OpenFile(abs, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil && !errors.Is(err, os.ErrExist) {
			return false, fmt.Errorf("open ledger %s: create file: %w%s", path, err, diskHint(err))
		}
		if f != nil {
			if err := f.Close(); err != nil {
				return false, fmt.Errorf("open ledger %s: create file: %w%s", path, err, diskHint(err))
			}
		}
		return f != nil, nil
	case err != nil:
		return false, fmt.Errorf("open ledger %s: %w", path, err)
	case fi.IsDir():
		return false, fmt.Errorf("open ledger %s: is a directory, not a ledger file", path)
	case !fi.Mode().IsRegular():
		return false, fmt.Errorf("open ledger %s: not a regular file", path)
	case fi.Size() == 0 && !hasWAL(abs):
		return false, emptyFileError(path)
	case fi.Size() == 0:
		return false, nil // its pages are still in the write-ahead log
	}
	return false, checkHeader(path, abs)
}

// checkHeader refuses a file that does not start as an SQLite database does.
func checkHeader(path, abs string) error {
	f, err := os.Open(abs)
	if err != nil {
		return fmt.Errorf("open ledger %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return &CorruptError{Path: path, Reason: "the file is not an SQLite database"}
	}
	return nil
}

// fileURI is a file: URI for abs, so that '?', '#' or '%' in the path are
// escaped, not parsed.
func fileURI(abs string) string {
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	if !strings.HasPrefix(uri, "file:///") { // Windows drive paths need the third slash
		uri = "file:///" + strings.TrimPrefix(uri, "file:")
	}
	return uri
}

// initSchema creates the tables of a new ledger, or checks the version and
// identity of an existing one, in one immediate transaction so that two
// processes opening a new file at once cannot both create it.
func (l *Ledger) initSchema() error {
	tx, err := l.w.Begin()
	if err != nil {
		return l.classify("begin", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	var tables int
	if err := tx.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`).Scan(&tables); err != nil {
		return l.classify("read schema", err)
	}
	if tables == 0 {
		var any int
		if err := tx.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&any); err != nil {
			return l.classify("read schema", err)
		}
		if any > 0 {
			return &CorruptError{Path: l.path, Reason: "an SQLite database of another program (it has no cliodest meta table)"}
		}
		if _, err := tx.Exec(schemaV1); err != nil {
			return l.classify("create tables", err)
		}
		now := strconv.FormatInt(l.now().UnixNano(), 10)
		for k, v := range map[string]string{
			metaVersion:  "1", // migrate below brings it to SchemaVersion
			metaDestID:   l.dest.ID,
			metaDestName: l.dest.Name,
			metaCreated:  now,
		} {
			if _, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?)`, k, v); err != nil {
				return l.classify("write meta", err)
			}
		}
		if err := migrate(tx, 1); err != nil {
			return l.classify("create tables", err)
		}
		if _, err := tx.Exec(schemaIndexes); err != nil { // after migrate: they may index later columns
			return l.classify("create indexes", err)
		}
		return l.classify("commit", tx.Commit())
	}

	meta, err := l.readMeta(tx)
	if err != nil {
		return err
	}
	version, err := l.checkIdentity(meta)
	if err != nil {
		return err
	}
	// Migrated only once the file is known to be this destination's: a
	// wrong --ledger must not be altered.
	if err := migrate(tx, version); err != nil {
		return l.classify("upgrade the ledger", err)
	}
	if _, err := tx.Exec(schemaIndexes); err != nil {
		return l.classify("create indexes", err)
	}
	if meta[metaDestName] != l.dest.Name {
		// The destination was renamed; the id is what binds the two.
		if _, err := tx.Exec(`UPDATE meta SET value = ? WHERE key = ?`, l.dest.Name, metaDestName); err != nil {
			return l.classify("write meta", err)
		}
	}
	return l.classify("commit", tx.Commit())
}

// readMeta reads the meta table through q (a transaction, or the read pool).
func (l *Ledger) readMeta(q interface {
	Query(string, ...any) (*sql.Rows, error)
}) (map[string]string, error) {
	meta := map[string]string{}
	rows, err := q.Query(`SELECT key, value FROM meta`)
	if err != nil {
		return nil, l.classify("read meta", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, l.classify("read meta", err)
		}
		meta[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, l.classify("read meta", err)
	}
	return meta, nil
}

// checkIdentity reads the schema version from meta and refuses a ledger
// that a newer cliodest wrote or that belongs to another destination.
func (l *Ledger) checkIdentity(meta map[string]string) (int, error) {
	version, err := strconv.Atoi(meta[metaVersion])
	if err != nil || version < 1 {
		return 0, &CorruptError{Path: l.path, Reason: fmt.Sprintf("meta %s is %q, not a positive number", metaVersion, meta[metaVersion])}
	}
	if version > SchemaVersion {
		return 0, &VersionError{Path: l.path, Version: version, Supported: SchemaVersion}
	}
	if meta[metaDestID] != l.dest.ID {
		return 0, &MismatchError{Path: l.path, Ledger: Identity{ID: meta[metaDestID], Name: meta[metaDestName]}, Want: l.dest}
	}
	return version, nil
}

// classify wraps err with the path, turning "not a database" errors into
// *CorruptError. It returns nil for a nil err.
func (l *Ledger) classify(what string, err error) error {
	if err == nil {
		return nil
	}
	if isCorrupt(err) {
		return &CorruptError{Path: l.path, Reason: what, Err: err}
	}
	return l.wrap(what, err)
}

func (l *Ledger) wrap(what string, err error) error {
	return fmt.Errorf("ledger %s: %s: %w%s", l.path, what, err, diskHint(err))
}

// Close waits for pending writes, then closes the file. Methods called
// afterwards return ErrClosed. Closing twice is harmless.
func (l *Ledger) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	if l.readOnly {
		l.mu.Unlock()
		return l.classify("close", l.r.Close())
	}
	close(l.ops)
	l.mu.Unlock()
	<-l.done

	var errs []error
	l.stmts.close()
	if err := l.r.Close(); err != nil {
		errs = append(errs, err)
	}
	if err := l.w.Close(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return l.wrap("close", err)
	}
	return nil
}
