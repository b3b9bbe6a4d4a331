package nexset

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// TestMemoryFlat streams 200 MB of generated records, made on the fly so no
// file holds them, and checks that the heap stays small throughout.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("streams 200 MB; not under -short or -race")
	}
	const size = 200 << 20
	const bound = 32 << 20
	tests := []struct {
		name   string
		gen    io.Reader
		format Format
	}{
		{"jsonl", newGen(size, genRecord, "", "\n"), JSONL},
		{"csv", newGen(size/4, genCSVRow, csvHeader, ""), CSV},
		{"json array", newGen(size/4, func(sb *strings.Builder, i int) {
			if i > 1 {
				sb.WriteByte(',')
			}
			genRecord(sb, i)
		}, "[", "\n"), JSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := tt.gen
			if tt.format == JSON {
				gen = io.MultiReader(gen, strings.NewReader("]"))
			}
			r, err := NewReader(context.Background(), gen, "generated", Options{Format: tt.format})
			if err != nil {
				t.Fatal(err)
			}
			var ms runtime.MemStats
			peak, n := uint64(0), 0
			for {
				_, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if n++; n%50_000 == 0 {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
			}
			t.Logf("%d records, peak HeapInuse %.1f MiB", n, float64(peak)/(1<<20))
			if n < 100_000 {
				t.Fatalf("only %d records generated", n)
			}
			if peak > bound {
				t.Errorf("HeapInuse reached %.1f MiB streaming, bound %d MiB", float64(peak)/(1<<20), bound>>20)
			}
		})
	}
}
