// Command cliodest sends the records of a Nexset to Clio's API v4.
package main

import (
	"os"
	_ "time/tzdata" // IANA zones for destinations' timezone, on Windows too

	"github.com/cliodest/cliodest/cmd"
)

func main() {
	os.Exit(cmd.Main(os.Args[1:]))
}
