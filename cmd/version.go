package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio"
)

// Stamped at release time by GoReleaser:
// -ldflags "-X github.com/cliodest/cliodest/cmd.version=… -X …cmd.commit=… -X …cmd.date=…"
var (
	version string
	commit  string
	date    string
)

// buildInfo is what `cliodest version` reports.
type buildInfo struct {
	Version        string `json:"version"`
	Commit         string `json:"commit,omitempty"`
	Date           string `json:"date,omitempty"`
	Modified       bool   `json:"modified,omitempty"`
	Go             string `json:"go"`
	Platform       string `json:"platform"`
	ClioAPIVersion string `json:"clio_api_version"`
}

// versionOptions are version's flags.
type versionOptions struct {
	asJSON bool
}

// newVersionCmd parses version's flags into versionOptions and hands them to
// runVersion (or a test's run function).
func newVersionCmd(f *Factory, run ...runFunc[versionOptions]) *cobra.Command {
	o := &versionOptions{}
	runF := pickRun(func(ctx context.Context, o *versionOptions) error { return runVersion(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "version",
		Short: "Show cliodest's version, build and Clio API version",
		Long: `Show the version of cliodest, the commit and date it was built from, the Go
version, and the Clio API version (X-API-VERSION) that new destinations pin.`,
		Example: `  cliodest version
  cliodest version --json | jq -r .clio_api_version`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runF(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.asJSON, "json", false, "print as JSON")
	return c
}

// runVersion prints the version and build.
func runVersion(ctx context.Context, f *Factory, o *versionOptions) error {
	bi, ok := debug.ReadBuildInfo()
	info := resolveBuild(version, commit, date, bi, ok)
	if o.asJSON {
		return writeJSON(f.rawOut(), info)
	}
	return writeVersion(f.Out, info)
}

// resolveBuild prefers the values stamped by the release build and falls
// back to what the Go toolchain recorded (go install, go build in a clone).
func resolveBuild(ldVersion, ldCommit, ldDate string, bi *debug.BuildInfo, ok bool) buildInfo {
	// GoReleaser stamps "none" for a commit it could not tell (a clone
	// without a remote): the build's own VCS stamp knows better.
	if ldCommit == "none" {
		ldCommit = ""
	}
	info := buildInfo{
		Version:        strings.TrimPrefix(ldVersion, "v"),
		Commit:         ldCommit,
		Date:           ldDate,
		Go:             runtime.Version(),
		Platform:       runtime.GOOS + "/" + runtime.GOARCH,
		ClioAPIVersion: clio.DefaultAPIVersion,
	}
	if ok && bi != nil {
		if bi.GoVersion != "" {
			info.Go = bi.GoVersion
		}
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = strings.TrimPrefix(bi.Main.Version, "v")
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.time":
				if info.Date == "" {
					info.Date = s.Value
				}
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}

func writeVersion(w io.Writer, info buildInfo) error {
	commit := info.Commit
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit == "" {
		commit = "unknown"
	}
	if info.Modified {
		commit += " (modified)"
	}
	built := info.Date
	if built == "" {
		built = "unknown"
	}
	_, err := fmt.Fprintf(w, "cliodest %s\n  commit:    %s\n  built:     %s\n  go:        %s %s\n  clio api:  %s\n",
		info.Version, commit, built, info.Go, info.Platform, info.ClioAPIVersion)
	return err
}

// writeJSON prints v indented, for scripts and jq.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
