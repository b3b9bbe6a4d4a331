// Command cliodest sends the records of a Nexset to Clio's API v4.
package main

import (
	"os"

	"github.com/cliodest/cliodest/cmd"
)

func main() {
	os.Exit(cmd.Main(os.Args[1:]))
}
