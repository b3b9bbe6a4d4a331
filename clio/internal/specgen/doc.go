// Package specgen turns Clio's OpenAPI description of API v4 into the compact
// endpoint catalogue that package clio embeds (clio/catalogue.json).
//
// It keeps facts only — paths, methods, summaries and the schema of each
// request's "data" object — and writes them sorted, one operation per line, so
// that the committed file is deterministic and its diffs are readable. It uses
// the standard library only, so `go generate` needs nothing else.
package specgen
