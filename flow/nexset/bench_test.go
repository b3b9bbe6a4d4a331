package nexset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/internal/cputime"
)

// cpuTime is the process's CPU time: on a machine shared with other work,
// MB per CPU-second says more than wall-clock MB/s.
func cpuTime() time.Duration { return cputime.Process() }

func reportCPU(b *testing.B, bytes int, start time.Duration) {
	b.Helper()
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/1e6/used.Seconds(), "MB/cpu-s")
	}
}

func benchRead(b *testing.B, data []byte, name string) {
	b.Helper()
	benchReadWith(b, data, name, Options{})
}

func benchReadWith(b *testing.B, data []byte, name string, o Options) {
	b.Helper()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, len(data), start)
	for b.Loop() {
		r, err := NewReader(context.Background(), bytes.NewReader(data), name, o)
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
		if n == 0 {
			b.Fatal("no records")
		}
	}
}

func BenchmarkReadJSONL(b *testing.B) {
	benchRead(b, genData(8<<20, genRecord, "", "\n"), "bench.jsonl")
}

func BenchmarkReadJSONArray(b *testing.B) {
	data := genData(8<<20, func(sb *strings.Builder, i int) {
		if i > 1 {
			sb.WriteString(",")
		}
		genRecord(sb, i)
	}, "[", "\n")
	data = append(data, ']')
	benchRead(b, data, "bench.json")
}

func BenchmarkReadCSV(b *testing.B) {
	benchRead(b, genData(8<<20, genCSVRow, csvHeader, ""), "bench.csv")
}

// BenchmarkReadSemicolonWindows1252 reads the same rows as BenchmarkReadCSV,
// semicolon separated and in Windows-1252 (named): detection and re-encoding.
func BenchmarkReadSemicolonWindows1252(b *testing.B) {
	data := bytes.ReplaceAll(genData(8<<20, genCSVRow, csvHeader, ""), []byte(","), []byte(";"))
	data = bytes.ReplaceAll(data, []byte("Acme"), []byte("M\xfcller"))
	benchReadWith(b, data, "bench.csv", Options{Encoding: Windows1252})
}

// BenchmarkReadUTF16Tab reads them as Excel's Unicode Text: UTF-16 LE, tabs.
func BenchmarkReadUTF16Tab(b *testing.B) {
	text := strings.ReplaceAll(string(genData(8<<20, genCSVRow, csvHeader, "")), ",", "\t")
	benchRead(b, utf16LE(text), "bench.txt")
}

// BenchmarkEncodingJSON is the yardstick the hand-rolled decoder is measured
// against: encoding/json into map[string]any, line by line.
func BenchmarkEncodingJSON(b *testing.B) {
	data := genData(8<<20, genRecord, "", "\n")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, len(data), start)
	for b.Loop() {
		for line := range bytes.Lines(data) {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkCountJSONL(b *testing.B) {
	data := genData(8<<20, genRecord, "", "\n")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		n, err := countLines(context.Background(), bufioReader(bytes.NewReader(data)), "bench.jsonl", 0)
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
	}
}
