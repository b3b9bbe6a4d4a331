package clio

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// DefaultAPIVersion is the newest minor version Clio's OpenAPI description
// lists. Requests pin it so a saved destination keeps its meaning (activity
// quantity switched from hours to seconds in 4.0.4).
const DefaultAPIVersion = "4.0.10"

// Host is the Clio server a credential belongs to: scheme, host and port,
// never a path. A token is only ever sent to its own Host.
type Host struct{ Root *url.URL }

// regionRoots maps Clio's data regions to their hosts; accounts, tokens and
// developer apps are separate per region.
var regionRoots = map[string]string{
	"us": "https://app.clio.com",
	"ca": "https://ca.app.clio.com",
	"eu": "https://eu.app.clio.com",
	"au": "https://au.app.clio.com",
}

// Regions lists the region codes RegionHost accepts, in a stable order.
func Regions() []string { return []string{"us", "ca", "eu", "au"} }

// RegionHost returns the host of one of Clio's data regions.
func RegionHost(region string) (Host, error) {
	key := strings.ToLower(strings.TrimSpace(region))
	root, ok := regionRoots[key]
	if !ok {
		return Host{}, fmt.Errorf("unknown Clio region %q: use one of %s", region, strings.Join(Regions(), ", "))
	}
	u, err := url.Parse(root)
	if err != nil { // the table above is constant; this cannot happen
		return Host{}, fmt.Errorf("clio region %s: %w", key, err)
	}
	return Host{Root: u}, nil
}

// ParseBaseURL reads a --base-url / CLIODEST_BASE_URL value: an absolute
// http(s) URL of a Clio-compatible server. A trailing "/" or "/api/v4" is
// tolerated; any other path, a query, a fragment or user info is refused.
// Plain http is accepted only for loopback hosts, because the bearer token
// would cross the network in clear.
func ParseBaseURL(raw string) (Host, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Host{}, fmt.Errorf("base URL is empty: give an absolute URL such as https://app.clio.com")
	}
	u, err := url.Parse(s)
	if err != nil {
		return Host{}, fmt.Errorf("base URL %q is not a valid URL: %w", raw, err)
	}
	// A password in the URL must not be echoed back in an error.
	shown := raw
	if u.User != nil {
		shown = u.Redacted()
	}
	if !u.IsAbs() || u.Opaque != "" {
		return Host{}, fmt.Errorf("base URL %q is not absolute: give scheme and host, such as https://app.clio.com", shown)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return Host{}, fmt.Errorf("base URL %q has scheme %q: only http and https are supported", shown, u.Scheme)
	}
	if u.User != nil {
		return Host{}, fmt.Errorf("base URL %q carries user info: credentials belong in a saved credential, not in the URL", shown)
	}
	if u.RawQuery != "" || u.ForceQuery {
		return Host{}, fmt.Errorf("base URL %q has a query: give only scheme, host and port", shown)
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return Host{}, fmt.Errorf("base URL %q has a fragment: give only scheme, host and port", shown)
	}
	hostname := strings.ToLower(u.Hostname())
	if hostname == "" {
		return Host{}, fmt.Errorf("base URL %q has no host", shown)
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	path = strings.TrimSuffix(path, "/api/v4")
	if path != "" {
		return Host{}, fmt.Errorf("base URL %q has path %q: give only scheme, host and port (an optional /api/v4 is stripped)", shown, u.EscapedPath())
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return Host{}, fmt.Errorf("base URL %q has port %q: a port is 1 to 65535", shown, p)
		}
	}
	if scheme == "http" && !isLoopback(hostname) {
		return Host{}, fmt.Errorf("base URL %q uses plain http to a non-loopback host: tokens travel over plain HTTP only to loopback (127.0.0.1, ::1, localhost); use https", shown)
	}
	hostport := hostname
	if strings.Contains(hostname, ":") { // IPv6 literal
		hostport = "[" + hostname + "]"
	}
	if p := u.Port(); p != "" {
		hostport += ":" + p
	}
	return Host{Root: &url.URL{Scheme: scheme, Host: hostport}}, nil
}

// IsLoopback reports whether hostname (without brackets) names this
// machine only: localhost or a loopback address.
func IsLoopback(hostname string) bool { return isLoopback(strings.ToLower(hostname)) }

// isLoopback is IsLoopback for a hostname already lower-cased.
func isLoopback(hostname string) bool {
	if hostname == "localhost" {
		return true
	}
	ip := net.ParseIP(hostname)
	return ip != nil && ip.IsLoopback()
}

// APIBase is the root of API v4 on this host, without a trailing slash.
func (h Host) APIBase() string { return h.String() + "/api/v4" }

// OAuthURL is one of the OAuth endpoints (authorize, token, deauthorize,
// approval) on this host.
func (h Host) OAuthURL(endpoint string) string {
	return h.String() + "/oauth/" + strings.TrimPrefix(endpoint, "/")
}

// String is the root URL, e.g. "https://app.clio.com"; "" for the zero Host.
func (h Host) String() string {
	if h.Root == nil {
		return ""
	}
	return (&url.URL{Scheme: h.Root.Scheme, Host: h.Root.Host}).String()
}

// Region is "us", "ca", "eu" or "au" for Clio's own hosts and "" for a
// custom base URL.
func (h Host) Region() string {
	if h.Root == nil {
		return ""
	}
	for _, r := range Regions() {
		rh, _ := url.Parse(regionRoots[r])
		if h.Same(rh) {
			return r
		}
	}
	return ""
}

// Same reports whether u points at this host: same scheme, host and port,
// with default ports made explicit so https://x and https://x:443 match.
func (h Host) Same(u *url.URL) bool {
	if h.Root == nil || u == nil {
		return false
	}
	as, ah, ap := origin(h.Root)
	bs, bh, bp := origin(u)
	return as != "" && as == bs && ah == bh && ap == bp
}

// origin splits u into lower-cased scheme, hostname and explicit port.
func origin(u *url.URL) (scheme, host, port string) {
	scheme = strings.ToLower(u.Scheme)
	host = strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	port = u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme, host, port
}
