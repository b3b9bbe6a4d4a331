package nexset

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, bufSize) }

// readResult is everything a Reader yields: good records, bad-record errors in
// order, and the error that ended reading (nil for io.EOF).
type readResult struct {
	recs []Record
	bad  []*RecordError
	end  error
}

func drain(t *testing.T, r *Reader) readResult {
	t.Helper()
	var res readResult
	for i := 0; i < 1_000_000; i++ {
		rec, err := r.Next()
		var re *RecordError
		switch {
		case err == nil:
			res.recs = append(res.recs, rec)
		case errors.As(err, &re):
			res.bad = append(res.bad, re)
		case errors.Is(err, io.EOF):
			return res
		default:
			res.end = err
			return res
		}
	}
	t.Fatal("reader never ended")
	return res
}

func readString(t *testing.T, input, name string, o Options) (readResult, error) {
	t.Helper()
	r, err := NewReader(context.Background(), strings.NewReader(input), name, o)
	if err != nil {
		return readResult{}, err
	}
	defer r.Close()
	return drain(t, r), nil
}

func mustRead(t *testing.T, input, name string, o Options) readResult {
	t.Helper()
	res, err := readString(t, input, name, o)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return res
}

func fieldsOf(recs []Record) []map[string]any {
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = r.Fields
	}
	return out
}

func wantFields(t *testing.T, got []Record, want []map[string]any) {
	t.Helper()
	if g := fieldsOf(got); !reflect.DeepEqual(g, want) {
		t.Errorf("fields:\n got %#v\nwant %#v", g, want)
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func lowerMaxRecord(t *testing.T, n int) {
	t.Helper()
	old := maxRecordBytes
	maxRecordBytes = n
	t.Cleanup(func() { maxRecordBytes = old })
}
