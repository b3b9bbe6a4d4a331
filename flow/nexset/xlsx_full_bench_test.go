package nexset

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"testing"
)

// BenchmarkWorkbookFullRead reads every record of a 50,000-row, 8-column
// workbook: what activate reads.
func BenchmarkWorkbookFullRead(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.xlsx")
	writeBigWorkbook(b, path, 50_000)
	for b.Loop() {
		r, err := Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		r.Close()
		if n != 50_000 {
			b.Fatalf("read %d records", n)
		}
	}
}
