//go:build tools

// Package tools pins the modules cliodest is built on until code imports them.
package tools
import (
 _ "charm.land/bubbletea/v2"
 _ "charm.land/bubbles/v2/spinner"
 _ "charm.land/lipgloss/v2"
 _ "charm.land/huh/v2"
 _ "github.com/charmbracelet/x/exp/teatest/v2"
 _ "github.com/charmbracelet/x/ansi"
 _ "github.com/charmbracelet/colorprofile"
 _ "golang.org/x/oauth2"
 _ "github.com/zalando/go-keyring"
 _ "github.com/spf13/cobra"
 _ "modernc.org/sqlite"
 _ "golang.org/x/time/rate"
 _ "go.yaml.in/yaml/v3"
 _ "golang.org/x/term"
)
