package nexset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

func benchRead(b *testing.B, data []byte, name string) {
	b.Helper()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(context.Background(), bytes.NewReader(data), name, Options{})
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

// BenchmarkEncodingJSON is the yardstick the hand-rolled decoder is measured
// against: encoding/json into map[string]any, line by line.
func BenchmarkEncodingJSON(b *testing.B) {
	data := genData(8<<20, genRecord, "", "\n")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
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
		n, err := countLines(context.Background(), bufioReader(bytes.NewReader(data)), "bench.jsonl")
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
	}
}
