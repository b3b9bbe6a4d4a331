package nexset

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestPipelineMatchesSerial reads the same Nexsets, long enough for many
// batches and with bad records among them, decoding in parallel and serially:
// records, positions, lines and errors must come out the same, in order.
func TestPipelineMatchesSerial(t *testing.T) {
	var jsonl, csv, array strings.Builder
	csv.WriteString("id,matter.id,note\n")
	array.WriteString("[\n")
	for i := 1; i <= 5000; i++ {
		switch {
		case i%997 == 0:
			jsonl.WriteString("{broken\n")
			csv.WriteString("1,2\n")
			array.WriteString("{\"id\": x},\n")
		case i%1013 == 0:
			jsonl.WriteString("\n") // blank: not a record
		default:
			fmt.Fprintf(&jsonl, "{\"id\":%d,\"matter\":{\"id\":%d},\"note\":%q}\n", i, i*7, strings.Repeat("n", i%300))
			fmt.Fprintf(&csv, "%d,%d,%s\n", i, i*7, strings.Repeat("n", i%300))
			fmt.Fprintf(&array, "{\"id\":%d,\"matter\":{\"id\":%d}},\n", i, i*7)
		}
	}
	array.WriteString("{\"id\":0}]\n")
	tests := []struct{ name, file, in string }{
		{"jsonl", "p.jsonl", jsonl.String()},
		{"csv", "p.csv", csv.String()},
		{"json array", "p.json", array.String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			par := mustRead(t, tt.in, tt.file, Options{})
			ser := mustRead(t, tt.in, tt.file, Options{serial: true})
			if len(par.recs) < 4900 || len(par.bad) != 5 {
				t.Fatalf("parallel read %d records, %d bad", len(par.recs), len(par.bad))
			}
			if !reflect.DeepEqual(par, ser) {
				t.Fatal("parallel and serial reads differ")
			}
			for i, r := range par.recs {
				if i > 0 && r.Pos <= par.recs[i-1].Pos {
					t.Fatalf("record %d out of order: pos %d after %d", i, r.Pos, par.recs[i-1].Pos)
				}
			}
		})
	}
}

func TestPipelineCloseStopsGoroutines(t *testing.T) {
	if workers() < 2 {
		t.Skip("one CPU: no pipeline")
	}
	in := strings.Repeat("{\"a\":1}\n", 100_000)
	r, err := NewReader(t.Context(), strings.NewReader(in), "a.jsonl", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	p := r.src.(*pipeline)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	p.wg.Wait() // hangs (and the test times out) if a goroutine is left behind
}
