// Command gendocs writes cliodest's man pages and shell completions into a
// directory (default build/docs) for release packages and archives:
//
//	go run ./internal/gendocs build/docs
package main

import (
	"fmt"
	"os"

	"github.com/cliodest/cliodest/cmd"
)

func main() {
	dir := "build/docs"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := cmd.GenerateDocs(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}
