package nexset

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Options say how to read a Nexset.
type Options struct {
	Format      Format // "" detects: by extension, then by content
	KeepStrings bool   // CSV: keep every cell a string, no type inference
	// Key is the key attribute (a dotted path): each record keeps its value
	// as written in Record.KeyText, so keys compare as exact text.
	Key string
	// LiteralHeaders takes every CSV header as one name: "matter.id" is a
	// column called matter.id, not an id inside matter.
	LiteralHeaders bool
	// Delimiter separates a delimited text Nexset's cells (',' ';' '\t' '|');
	// 0 detects it from the first lines (a .tsv file is tab separated).
	Delimiter rune
	// Encoding is a text Nexset's character encoding; "" detects UTF-8 or,
	// by its byte order mark, UTF-16.
	Encoding Encoding
	// DecimalComma (delimited text) infers only integers: 1.250 stays text
	// for a conversion to read with a decimal comma, not as 1.25.
	DecimalComma bool
	// RecordsPath is the dot path of the records array inside a JSON
	// document that is an object (data, response.items); "" finds the only one.
	RecordsPath string
	// Sheet is the workbook sheet to read; "" reads the first visible one.
	Sheet string
	// HeaderRow is the row (1-based) naming the columns. In a workbook 0
	// takes the first row that looks like a header; in delimited text the
	// lines above it are skipped (a title) and 0 is the first line.
	HeaderRow int
	// Follow keeps waiting at the end of a JSON Lines or CSV file (or standard
	// input) for appended records until the context is done.
	Follow       bool
	PollInterval time.Duration // how often Follow checks a file; 0 → DefaultPollInterval
	// MaxRecordBytes, when set below MaxRecordBytes, is the largest record
	// read: a longer JSON Lines line or JSON array element is skipped
	// without being decoded and reported as too large.
	MaxRecordBytes int

	wait   func(context.Context) error // replaces the poll timer in tests
	serial bool                        // tests: decode on the caller's goroutine
}

// bufSize is the read buffer: large enough to amortise reads, small enough
// not to matter next to the records themselves.
const bufSize = 256 << 10

// source yields records without positions; Reader numbers them.
type source interface {
	next() (Record, error)
	close()
}

// Reader reads one Nexset record by record. It is meant for one goroutine.
type Reader struct {
	ctx    context.Context
	name   string
	format Format
	src    source
	closer io.Closer
	pos    int
	calls  int
	err    error // sticky: a fatal error or io.EOF ends reading
	notes  []string
	delim  rune     // delimited text: the separator used
	enc    Encoding // the encoding read from; "" for UTF-8
	// records is the path of the records array in a JSON envelope.
	records string
	// sheet and headerRow say where a workbook's records are.
	sheet     string
	headerRow int
	sheets    []string
}

// Open opens the Nexset at path ("-" for standard input). The format is
// o.Format, else the extension (.jsonl/.ndjson, .json, .csv), else the first
// byte that is not white space: '[' a JSON array, '{' JSON Lines, anything
// else CSV. A ".json" file that starts with '{' is read as JSON Lines.
func Open(ctx context.Context, path string, o Options) (*Reader, error) {
	if path == "-" {
		return newReader(ctx, os.Stdin, "standard input", "", o, nil)
	}
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	r, err := newReader(ctx, f, path, path, o, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// NewReader reads a Nexset from r; name is used in errors and, through its
// extension, to detect the format. Close does not close r.
func NewReader(ctx context.Context, r io.Reader, name string, o Options) (*Reader, error) {
	return newReader(ctx, r, name, "", o, nil)
}

// newReader wires the layers: raw input, follow or cancellable reads, BOM,
// format detection, then the format's source. path is set when the input is
// a named file that Follow may re-check for replacement.
func newReader(ctx context.Context, in io.Reader, name, path string, o Options, closer io.Closer) (*Reader, error) {
	var (
		br      *bufio.Reader
		format  Format
		enc     Encoding
		records string // a JSON envelope's records path
		err     error
	)
	if o.Format == XLSX || (o.Format == "" && formatByExt(name) == XLSX) {
		if o.Follow {
			return nil, fmt.Errorf("nexset %s: a workbook cannot be followed; use JSON Lines or CSV", name)
		}
		src, err := openXLSX(in, name, o)
		if err != nil {
			return nil, err
		}
		return &Reader{ctx: ctx, name: name, format: XLSX, closer: closer, src: src, sheet: src.sheet, headerRow: src.headerRow, sheets: src.sheets}, nil
	}
	file, isFile := in.(*os.File)
	regular := false
	if isFile {
		info, err := file.Stat()
		regular = err == nil && info.Mode().IsRegular()
	}
	switch {
	case o.Follow && regular:
		if d := o.Encoding.decoder(); d != nil {
			return nil, fmt.Errorf("nexset %s: a file in %s cannot be followed; follow a UTF-8 file", name, o.Encoding)
		}
		// Settle the format on what the file holds now, without waiting for
		// more; then follow from just after any byte order mark.
		if format, err = probeFile(file, name, o.Format); err != nil {
			return nil, err
		}
		br = bufio.NewReaderSize(newFollowFile(ctx, file, path, name, o), bufSize)
	case o.Follow && isFile:
		in = newCtxReader(ctx, file)
		fallthrough
	default:
		if records, err = findRecords(in, name, o); err != nil {
			return nil, err
		}
		if br, enc, err = openText(in, o.Encoding); err != nil {
			return nil, readErr(name, err)
		}
		if records != "" {
			format = JSON
		} else if format, err = choose(o.Format, name, br); err != nil {
			return nil, readErr(name, err)
		}
	}
	var rf recordFormat
	var notes []string
	var delim rune
	switch format {
	case JSONL:
		src := newJSONL(br, name, o.Key)
		src.lines.limit = o.recordLimit()
		rf = src
	case JSON:
		if o.Follow {
			return nil, fmt.Errorf("nexset %s: a JSON array cannot be followed; use JSON Lines or CSV", name)
		}
		src := newJSONArray(br, name, o.Key)
		src.limit = o.recordLimit()
		src.path = records
		rf = src
	case CSV:
		skipped, err := skipAboveHeader(br, name, o.HeaderRow)
		if err != nil {
			return nil, err
		}
		if delim, err = chooseDelimiter(o.Delimiter, name, br); err != nil {
			return nil, readErr(name, err)
		}
		src, err := newCSV(blankLines(br, skipped), name, delim, o.KeepStrings, o.Key, o.LiteralHeaders)
		if err != nil {
			return nil, err
		}
		src.decimalComma = o.DecimalComma
		rf, notes = src, src.notes
	}
	r := &Reader{ctx: ctx, name: name, format: format, closer: closer, notes: notes, delim: delim, enc: enc, records: records}
	if format == CSV {
		r.headerRow = o.HeaderRow
	}
	// A followed record must be handed over as soon as its line is complete,
	// which batching would delay; elsewhere spare cores decode ahead.
	if n := workers(); o.Follow || o.serial || n < 2 {
		r.src = &serial{f: rf}
	} else {
		r.src = newPipeline(rf, n)
	}
	return r, nil
}

// Next returns the next record. At the end it returns io.EOF. For a bad
// record it returns a *RecordError, and a further call goes on with the
// following record. Any other error (unreadable input, a broken JSON array, a
// followed file that changed, the context ending) is final.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	// Cheap enough every 256 records; a followed file checks at every wait.
	if r.calls++; r.calls&255 == 0 {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			return Record{}, err
		}
	}
	rec, err := r.src.next()
	if err == nil {
		r.pos++
		rec.Pos = r.pos
		return rec, nil
	}
	var re *RecordError
	if errors.As(err, &re) {
		r.pos++
		re.Pos, re.File = r.pos, r.name
		return Record{}, re
	}
	r.err = err
	return Record{}, err
}

// Layout is how the Nexset was read: its format, delimiter and encoding.
func (r *Reader) Layout() Layout {
	return Layout{Format: r.format, Delimiter: r.delim, Encoding: r.enc, RecordsPath: r.records, Sheet: r.sheet, HeaderRow: r.headerRow, Sheets: r.sheets}
}

// Notes are what the reader decided about the Nexset that a user should
// know, such as a CSV header taken literally because it cannot nest.
func (r *Reader) Notes() []string { return r.notes }

// Format is the format being read, after detection.
func (r *Reader) Format() Format { return r.format }

// Name is the Nexset's name as used in errors.
func (r *Reader) Name() string { return r.name }

// Close releases the file opened by Open.
func (r *Reader) Close() error {
	r.err = errors.New("nexset reader is closed")
	if r.src != nil {
		r.src.close()
	}
	if r.closer == nil {
		return nil
	}
	c := r.closer
	r.closer = nil
	return c.Close()
}

// probeFile detects a regular file's format from the bytes it holds now,
// without waiting for more, and leaves its offset after any byte order mark.
func probeFile(f *os.File, name string, want Format) (Format, error) {
	start, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return "", readErr(name, err)
	}
	head := make([]byte, len(bom))
	n, err := f.ReadAt(head, start)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", readErr(name, err)
	}
	if bytes.Equal(head[:n], bom) {
		start += int64(len(bom))
	}
	if _, err := f.Seek(start, io.SeekStart); err != nil {
		return "", readErr(name, err)
	}
	format, err := choose(want, name, bufio.NewReaderSize(f, 4096))
	if err != nil {
		return "", readErr(name, err)
	}
	if _, err := f.Seek(start, io.SeekStart); err != nil {
		return "", readErr(name, err)
	}
	return format, nil
}
