package flow

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
)

// An Advanced absolute URL on another host is refused as soon as the host
// is known, with the message PlanOn gives at send time.
func TestAbsoluteURLHostCheckedEarly(t *testing.T) {
	us, _ := clio.RegionHost("us")
	eu, _ := clio.RegionHost("eu")
	const euURL = "https://eu.app.clio.com/api/v4/activities.json"
	advanced := func(url, baseURL string) *Destination {
		d := timeEntries(t)
		d.Endpoint = Endpoint{Method: "POST", URL: url}
		d.BaseURL = baseURL
		return d
	}
	sendTime := func(d *Destination, h clio.Host) string {
		t.Helper()
		_, err := d.PlanOn(h)
		var ie *InvalidError
		if !errors.As(err, &ie) {
			t.Fatalf("PlanOn(%s) = %v, want an *InvalidError", h, err)
		}
		return ie.Problems[0].Message
	}
	tests := []struct {
		name    string
		d       *Destination
		host    clio.Host // for CheckHost; zero: unknown
		want    bool      // a host problem is expected
		sendsTo clio.Host // the host whose send-time message must match
	}{
		{name: "other host, credential's host known", d: advanced(euURL, ""), host: us, want: true, sendsTo: us},
		{name: "same host", d: advanced(euURL, ""), host: eu},
		{name: "relative URL", d: advanced("/api/v4/activities.json", ""), host: us},
		{name: "host unknown", d: advanced(euURL, "")},
		{name: "template", d: timeEntries(t), host: us},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.d.CheckHost(tt.host)
			if (len(ps) > 0) != tt.want {
				t.Fatalf("CheckHost(%s) = %v, want a problem: %v", tt.host, ps, tt.want)
			}
			if !tt.want {
				return
			}
			if ps[0].Field != "endpoint.url" || !containsAll(ps[0].Message, "eu.app.clio.com", tt.host.String(), "never sent elsewhere") {
				t.Fatalf("problem = %+v, want both hosts", ps[0])
			}
			if got := sendTime(tt.d, tt.sendsTo); got != ps[0].Message {
				t.Fatalf("send-time message %q differs from %q", got, ps[0].Message)
			}
		})
	}

	// base_url in the file: Load refuses it, with the line of endpoint.url.
	file := `version: 1
id: x1
name: n
status: paused
nexset: {path: a.jsonl}
credential: firm
base_url: https://app.clio.com
api_version: 4.0.10
endpoint:
  method: POST
  url: ` + euURL + "\n"
	path := filepath.Join(t.TempDir(), "d.yaml")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Line != 11 ||
		le.Problems[0].Message != sendTime(advanced(euURL, ""), us) {
		t.Fatalf("Load = %v, want line 11 with the send-time message", err)
	}
	ok := strings.Replace(file, "https://app.clio.com", "https://eu.app.clio.com", 1)
	if err := os.WriteFile(path, []byte(ok), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err != nil {
		t.Fatalf("Load with base_url on the URL's host: %v", err)
	}
}
