// Package docs holds the user documentation that ships inside the binary:
// docs/destination-file.md is embedded as it is, so `cliodest help
// destination-file` and the published document cannot differ.
package docs

import _ "embed"

// DestinationFile is docs/destination-file.md: every field of a destination
// file.
//
//go:embed destination-file.md
var DestinationFile string
