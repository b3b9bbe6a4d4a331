package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio/sandbox"
)

type sandboxOptions struct {
	addr          string
	allowRemote   bool
	rateLimit     int
	rateWindow    time.Duration
	tokenLifetime time.Duration
	faultRate     float64
	slowRate      float64
	slowDelay     time.Duration
	dropRate      float64
	seed          int64
	logFile       string
	redirectURIs  []string
	forbidden     []string
	billed        []int64
	rateDropAfter int
	rateDropTo    int
	searchLag     time.Duration
}

// newSandboxCmd parses sandbox's flags into sandboxOptions and hands them
// to runSandbox (or a test's run function).
func newSandboxCmd(f *Factory, run ...runFunc[sandboxOptions]) *cobra.Command {
	o := &sandboxOptions{}
	runF := pickRun(func(ctx context.Context, o *sandboxOptions) error { return runSandbox(ctx, f, *o) }, run)
	c := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve a Clio-compatible sandbox API on this machine",
		Long: `Serve a fake, Clio-compatible API v4 on a loopback address, to rehearse a
destination without touching a real Clio account. It answers OAuth and
who_am_i, and creates, updates, reads, lists and deletes the records of any
collection in Clio's API v4 (activities, tasks, contacts, matters, custom
fields, calendar entries, ...), validated as Clio does (422 with Clio's error
body; custom_field_values on contacts and matters are checked against the
firm's custom fields). It starts with a seeded firm: users, contacts, matters,
activities, tasks and custom fields. It applies Clio's rate limit with 429
and Retry-After, and can inject faults (5xx, slow answers, dropped
connections). Everything it stores is forgotten when it stops.

On start it prints two lines to standard output that point cliodest at it:
  export CLIODEST_BASE_URL=http://127.0.0.1:8765
  export CLIODEST_TOKEN=...
Paste them into another shell (or source them from a file). It serves until
interrupted with Ctrl-C, and then exits with status 130 like any interrupted
command.

It refuses to listen on anything but a loopback address unless --allow-remote
is given: the sandbox accepts any request from anyone who can reach it.`,
		Example: `  # Serve on the default address, then paste the two export lines in another shell
  cliodest sandbox

  # Serve in the background and load its settings into this shell
  cliodest sandbox > sandbox.env &
  . ./sandbox.env

  # Pick a free port; rehearse bad days: 10% server errors, 5% slow answers, 10/min
  cliodest sandbox --addr 127.0.0.1:0 --fault-rate 0.1 --slow-rate 0.05 --rate-limit 10

  # Keep a JSON Lines log of every request
  cliodest sandbox --log sandbox.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := o.validate(); err != nil {
				return err
			}
			return runF(c.Context(), o)
		},
	}
	fl := c.Flags()
	fl.StringVar(&o.addr, "addr", "127.0.0.1:8765", "`host:port` to listen on (port 0 picks a free one)")
	fl.BoolVar(&o.allowRemote, "allow-remote", false, "allow a non-loopback --addr (anyone who can reach it can use the sandbox)")
	fl.IntVar(&o.rateLimit, "rate-limit", 0, "requests per window and token (0 = Clio's 50, -1 = no limit)")
	fl.DurationVar(&o.rateWindow, "rate-window", time.Minute, "length of a rate-limit window")
	fl.DurationVar(&o.tokenLifetime, "token-lifetime", 30*24*time.Hour, "lifetime of an access token (Clio's: 30 days)")
	fl.Float64Var(&o.faultRate, "fault-rate", 0, "fraction (0 to 1) of API requests answered 500/502/503")
	fl.Float64Var(&o.slowRate, "slow-rate", 0, "fraction (0 to 1) of API requests held for --slow-delay")
	fl.DurationVar(&o.slowDelay, "slow-delay", 2*time.Second, "how long a slow answer is held")
	fl.Float64Var(&o.dropRate, "drop-rate", 0, "fraction (0 to 1) of API requests handled, then dropped without an answer")
	fl.Int64Var(&o.seed, "seed", 1, "seed of the fault sequence (the same seed meets the same faults)")
	fl.StringVar(&o.logFile, "log", "", "append a JSON Lines log of every request to `FILE`")
	fl.StringSliceVar(&o.forbidden, "forbid", nil, "answer 403 ForbiddenError (the app lacks the scope) for every call to these `collections`, e.g. activities")
	fl.Int64SliceVar(&o.billed, "billed", nil, "activity `IDs` already on a bill: their updates are refused with Clio's message")
	fl.IntVar(&o.rateDropAfter, "rate-drop-after", 0, "after this many API requests, lower the rate limit to --rate-drop-to (Clio's limits change without notice)")
	fl.IntVar(&o.rateDropTo, "rate-drop-to", 10, "the rate limit after --rate-drop-after requests")
	fl.DurationVar(&o.searchLag, "search-lag", 0, "keep objects created through the API out of query= results for this long, as Clio's search index lags behind (e.g. 5s); 0 = none")
	fl.StringArrayVar(&o.redirectURIs, "redirect-uri", sandbox.DefaultRedirectURIs(), "a redirect URI registered in the sandbox's app; others are refused, as Clio does (repeat for several; a bare path matches on any host)")
	return c
}

// validate checks the flags before anything is bound or opened.
func (o sandboxOptions) validate() error {
	for _, r := range []struct {
		flag string
		v    float64
	}{{"--fault-rate", o.faultRate}, {"--slow-rate", o.slowRate}, {"--drop-rate", o.dropRate}} {
		if math.IsNaN(r.v) || r.v < 0 || r.v > 1 {
			return usageErrorf("%s %v is out of range: give a fraction from 0 to 1", r.flag, r.v)
		}
	}
	if o.rateLimit < -1 {
		return usageErrorf("--rate-limit %d is out of range: give a positive number, 0 for Clio's 50 or -1 for no limit", o.rateLimit)
	}
	for _, d := range []struct {
		flag     string
		v        time.Duration
		positive bool
	}{{"--rate-window", o.rateWindow, true}, {"--token-lifetime", o.tokenLifetime, true}, {"--slow-delay", o.slowDelay, false}, {"--search-lag", o.searchLag, false}} {
		if d.v < 0 || (d.positive && d.v == 0) {
			return usageErrorf("%s %v is out of range: give a positive duration such as 30s or 5m", d.flag, d.v)
		}
	}
	host, port, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usageErrorf("--addr %q is not host:port: %w", o.addr, err)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return usageErrorf("--addr %q has port %q: give a number from 1 to 65535, or 0 for any free port", o.addr, port)
	}
	if !o.allowRemote && !isLoopbackHost(host) {
		return usageErrorf("--addr %q is not a loopback address: the sandbox answers anyone who reaches it; use 127.0.0.1 or localhost, or add --allow-remote", o.addr)
	}
	return nil
}

// isLoopbackHost reports whether host (from host:port) names this machine
// only. An empty host counts: sandbox.ListenAndServe binds it to 127.0.0.1.
func isLoopbackHost(host string) bool {
	if host == "" || strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// runSandbox serves the sandbox until ctx ends.
func runSandbox(ctx context.Context, f *Factory, o sandboxOptions) error {
	var logW io.Writer
	if o.logFile != "" {
		file, err := os.OpenFile(o.logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("opening the --log file: %w", err)
		}
		defer file.Close()
		logW = &lockedWriter{w: file}
	}

	s := sandbox.New(sandbox.Config{
		RateLimit:     o.rateLimit,
		RateWindow:    o.rateWindow,
		TokenLifetime: o.tokenLifetime,
		Faults: sandbox.Faults{
			Seed:      o.seed,
			ErrorRate: o.faultRate,
			SlowRate:  o.slowRate,
			SlowDelay: o.slowDelay,
			DropRate:  o.dropRate,

			RateDropAfter: o.rateDropAfter,
			RateDropTo:    o.rateDropTo,
		},
		Forbidden:    o.forbidden,
		Billed:       o.billed,
		Log:          logW,
		Now:          f.Now,
		RedirectURIs: o.redirectURIs,
		SearchLag:    o.searchLag,
	})
	baseURL, wait, err := sandbox.ListenAndServe(ctx, o.addr, s)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is already in use (another sandbox?): pick another port with --addr, or 127.0.0.1:0 for any free one: %w", o.addr, err)
		}
		return fmt.Errorf("starting the sandbox: %w", err)
	}
	access, _ := s.IssueToken()

	// Stdout carries only the two eval-able lines; the chatter goes to stderr,
	// first, so that a reader of the export lines knows everything is said.
	writeSandboxNote(f.ErrOut, baseURL, o)
	if _, err := fmt.Fprintf(f.Out, "export CLIODEST_BASE_URL=%s\nexport CLIODEST_TOKEN=%s\n", shellQuote(baseURL), shellQuote(access)); err != nil {
		return fmt.Errorf("printing the sandbox settings: %w", err)
	}

	if err := wait(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("sandbox stopped: %w", err)
	}
	return nil
}

// writeSandboxNote tells a person what is running and how to use it.
func writeSandboxNote(w io.Writer, baseURL string, o sandboxOptions) {
	user := "the seeded user"
	for _, u := range sandbox.Seed.Users {
		if u.ID == sandbox.UserJane {
			user = fmt.Sprintf("%s %s <%s> (user %d)", u.FirstName, u.LastName, u.Email, u.ID)
		}
	}
	limit := fmt.Sprintf("%d requests per %v per token", o.rateLimit, o.rateWindow)
	switch {
	case o.rateLimit == 0:
		limit = fmt.Sprintf("Clio's 50 requests per %v per token", o.rateWindow)
	case o.rateLimit < 0:
		limit = "off"
	}
	faults := "none"
	if o.faultRate > 0 || o.slowRate > 0 || o.dropRate > 0 {
		faults = fmt.Sprintf("%g errors, %g slow (%v), %g dropped, seed %d", o.faultRate, o.slowRate, o.slowDelay, o.dropRate, o.seed)
	}
	if o.searchLag > 0 {
		faults += fmt.Sprintf(". Search lag: %v (new objects are not found by query= for that long)", o.searchLag)
	}
	logNote := "none (add --log FILE)"
	if o.logFile != "" {
		logNote = o.logFile
	}
	fmt.Fprintf(w, `
cliodest sandbox: a Clio-compatible fake API at %s
  Not Clio: nothing leaves this machine, and everything is forgotten on exit.
  Every token acts as %s.
  Rate limit: %s. Token lifetime: %v. Faults: %s.
  Request log: %s
  Use it from another shell: paste the two export lines it prints on standard
  output, or start it as  cliodest sandbox > sandbox.env &  and, once that file
  holds the two lines,  . ./sandbox.env
  Try: curl -H "Authorization: Bearer $CLIODEST_TOKEN" "$CLIODEST_BASE_URL/api/v4/users/who_am_i.json?fields=id,name,email"
  Stop with Ctrl-C.
`, baseURL, user, limit, o.tokenLifetime, faults, logNote)
	if !isLoopbackHost(hostOf(baseURL)) {
		fmt.Fprintf(w, "  Note: this address is not loopback; cliodest itself sends tokens over plain http only to loopback hosts.\n")
	}
}

// hostOf extracts the host of a URL, "" when it has none.
func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote quotes s for POSIX shells, leaving plainly safe words bare.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// lockedWriter serialises writes to the request log, whatever the server's
// concurrency.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
