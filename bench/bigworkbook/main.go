// Command bigworkbook writes the 50,000-row workbook of the README's
// memory recipe (the one BenchmarkWorkbookFullRead reads):
//
//	go run ./bench/bigworkbook big.xlsx
//	go run ./bench/bigworkbook -rows 200000 bigger.xlsx
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cliodest/cliodest/internal/bigworkbook"
)

func main() {
	rows := flag.Int("rows", 50_000, "records to write (the header row not counted)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./bench/bigworkbook [-rows N] FILE.xlsx")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *rows < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := bigworkbook.Write(flag.Arg(0), *rows); err != nil {
		fmt.Fprintf(os.Stderr, "bigworkbook: %s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s: %d records, 8 columns\n", flag.Arg(0), *rows)
}
