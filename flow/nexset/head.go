package nexset

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// Head returns the first n good records among the first n records of the
// Nexset at path, with their schema. Errors of the bad records among them are
// joined and returned after the good ones. Follow is ignored: Head answers now.
func Head(ctx context.Context, path string, o Options, n int) ([]Record, Schema, error) {
	if n <= 0 {
		return nil, Schema{}, fmt.Errorf("nexset head: the number of records must be positive, not %d", n)
	}
	o.Follow = false
	r, err := Open(ctx, path, o)
	if err != nil {
		return nil, Schema{}, err
	}
	defer r.Close()
	var (
		recs []Record
		bad  []error
	)
	for i := 0; i < n; i++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *RecordError
		if errors.As(err, &re) {
			bad = append(bad, re)
			continue
		}
		if err != nil {
			return recs, InferSchema(recs), err
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 && len(bad) == 0 {
		return nil, Schema{Notes: r.Notes(), Layout: r.Layout()}, noRecords(r.Name())
	}
	schema := InferSchema(recs)
	schema.Notes = r.Notes()
	schema.Layout = r.Layout()
	return recs, schema, errors.Join(bad...)
}

// Count returns the number of records in the Nexset at path, bad ones
// included (they are records that will be reported). It streams and only
// looks for record boundaries. Counting "-" reads standard input to its end.
func Count(ctx context.Context, path string, o Options) (int, error) {
	o.Follow = false
	if o.Format == XLSX || (o.Format == "" && formatByExt(path) == XLSX) {
		return countRecords(ctx, path, o)
	}
	var (
		in   io.Reader = os.Stdin
		name           = "standard input"
	)
	if path != "-" {
		f, err := openFile(path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		in, name = f, path
	}
	records, err := findRecords(in, name, o)
	if err != nil {
		return 0, err
	}
	br, _, err := openText(in, o.Encoding)
	if err != nil {
		return 0, fmt.Errorf("read nexset %s: %w", name, err)
	}
	format := JSON
	if records == "" {
		if format, err = choose(o.Format, name, br); err != nil {
			return 0, fmt.Errorf("read nexset %s: %w", name, err)
		}
	}
	var n int
	switch format {
	case JSONL:
		n, err = countLines(ctx, br, name, o.recordLimit())
	case CSV:
		if _, err = skipAboveHeader(br, name, o.HeaderRow); err == nil {
			n, err = countCSV(ctx, br, name)
		}
	case JSON:
		n, err = countArray(ctx, br, name, records)
	}
	if err != nil {
		return n, err
	}
	if n == 0 {
		return 0, noRecords(name)
	}
	return n, nil
}

// countLines counts the lines that are not blank, as the JSON Lines reader
// makes one record of each.
func countLines(ctx context.Context, br *bufio.Reader, name string, limit int) (int, error) {
	lr := lineReader{br: br, limit: limit} // a longer line is counted, not held
	n := 0
	for {
		if lr.line&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		b, err := lr.next()
		switch {
		case errors.Is(err, errTooLong):
			n++
		case errors.Is(err, io.EOF):
			return n, nil
		case err != nil:
			return n, readErr(name, err)
		case !isBlank(b):
			n++
		}
	}
}

// countCSV counts rows outside quoted fields, as encoding/csv splits them:
// empty lines are not rows and the first row is the header. For malformed
// quoting the count may differ from what Next reports.
func countCSV(ctx context.Context, br *bufio.Reader, name string) (int, error) {
	rows, inQuote, lineHasData := 0, false, false
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		chunk, _ := br.Peek(br.Buffered())
		if len(chunk) == 0 {
			if _, err := br.Peek(1); err != nil {
				if !errors.Is(err, io.EOF) {
					return 0, readErr(name, err)
				}
				if lineHasData {
					rows++
				}
				if rows > 0 {
					rows-- // the header
				}
				return rows, nil
			}
			continue
		}
		for _, c := range chunk {
			switch {
			case c == '"':
				inQuote = !inQuote
				lineHasData = true
			case inQuote:
			case c == '\n':
				if lineHasData {
					rows++
				}
				lineHasData = false
			case c != '\r':
				lineHasData = true
			}
		}
		_, _ = br.Discard(len(chunk))
	}
}

func countArray(ctx context.Context, br *bufio.Reader, name, records string) (int, error) {
	src := newJSONArray(br, name, "")
	src.path = records
	n := 0
	for {
		if n&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		_, _, err := src.next()
		var re *RecordError
		switch {
		case err == nil, errors.As(err, &re):
			n++
		case errors.Is(err, io.EOF):
			return n, nil
		default:
			return n, err
		}
	}
}

// countRecords counts by reading every record: a workbook has no cheaper way.
func countRecords(ctx context.Context, path string, o Options) (int, error) {
	r, err := Open(ctx, path, o)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for {
		_, err := r.Next()
		var re *RecordError
		switch {
		case err == nil, errors.As(err, &re):
			n++
		case errors.Is(err, io.EOF):
			if n == 0 {
				return 0, noRecords(r.Name())
			}
			return n, nil
		default:
			return n, err
		}
	}
}
