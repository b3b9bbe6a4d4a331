// Command gencatalogue writes clio/catalogue.json from Clio's OpenAPI
// description of API v4. Run it through `go generate ./clio`.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cliodest/cliodest/clio/internal/specgen"
)

func main() {
	spec := flag.String("spec", "../../shared/clio/openapi.json", "path of Clio's openapi.json")
	out := flag.String("o", "catalogue.json", "file to write, or - for standard output")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalogue:", err)
		os.Exit(1)
	}
}

func run(specPath, out string) error {
	spec, err := os.ReadFile(specPath)
	if err != nil {
		return fmt.Errorf("read spec: %w", err)
	}
	data, err := specgen.Generate(spec)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	if out == "-" {
		_, err = os.Stdout.Write(data)
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	return nil
}
