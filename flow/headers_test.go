package flow

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestParseHeaders(t *testing.T) {
	tests := []struct {
		in      string
		want    []Header
		wantErr string
	}{
		{in: "", want: nil},
		{in: "X-Foo:bar", want: []Header{{"X-Foo", "bar"}}},
		{in: " x-foo : bar , X-Two:2", want: []Header{{"X-Foo", "bar"}, {"X-Two", "2"}}},
		{in: "X-Url:https://a.example:8443/p", want: []Header{{"X-Url", "https://a.example:8443/p"}}},
		{in: `X-List:a\,b\,c`, want: []Header{{"X-List", "a,b,c"}}},
		{in: `X-Path:C:\\dir`, want: []Header{{"X-Path", `C:\dir`}}},
		{in: "X-Foo:bar,", want: []Header{{"X-Foo", "bar"}}},
		{in: "X-Empty:", want: []Header{{"X-Empty", ""}}},
		{in: "X-Foo", wantErr: "missing ':'"},
		{in: ":bar", wantErr: "empty name"},
		{in: "X Foo:bar", wantErr: "not allowed in a header name"},
		{in: "X-Foo:bar,,X-B:c", wantErr: "pair 2 is empty"},
		{in: `X-Foo:a\b`, wantErr: `must be followed by`},
		{in: "Authorization:Bearer x", wantErr: "Authorization cannot be set"},
		{in: "host:evil.example", wantErr: "Host cannot be set"},
		{in: "Content-Length:5", wantErr: "Content-Length cannot be set"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseHeaders(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseHeaders(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseHeaders(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseHeaders(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSecretHeadersMasked(t *testing.T) {
	hs, err := ParseHeaders("X-Api-Key:${KEY},X-Auth-Token:Token ${TOK},X-Plain:visible")
	if err != nil {
		t.Fatal(err)
	}
	d := &Destination{Version: 1, ID: "x", Name: "n", Status: StatusPaused, APIVersion: "4.0.10",
		Nexset: NexsetRef{Path: "a.jsonl"}, Credential: "firm",
		Endpoint: Endpoint{Method: "POST", URL: "/api/v4/activities.json", Headers: FormatHeaders(hs)}}
	s := Samples(d, []nexset.Record{rec(1, map[string]any{"type": "TimeEntry", "date": "2024-01-02"})}, 1)
	if len(s) != 1 || s[0].Error != "" {
		t.Fatalf("samples: %+v", s)
	}
	h := s[0].Header
	// References hold no secret and show which variable is sent.
	if h.Get("X-Api-Key") != "${KEY}" || h.Get("X-Auth-Token") != "Token ${TOK}" || h.Get("X-Plain") != "visible" {
		t.Errorf("headers not shown as expected: %v", h)
	}
	// A literal secret (from a resolved request, say) is masked.
	m := MaskHeader(http.Header{"X-Api-Key": {"abc123"}, "X-Session": {"Bearer ${X}x"}, "X-Plain": {"v"}})
	if m.Get("X-Api-Key") != Mask || m.Get("X-Session") != Mask || m.Get("X-Plain") != "v" {
		t.Errorf("MaskHeader = %v", m)
	}
	if h.Get("Authorization") != "Bearer "+Mask {
		t.Errorf("Authorization = %q", h.Get("Authorization"))
	}
}

func FuzzParseHeaders(f *testing.F) {
	for _, s := range []string{"X-Foo:bar", `a:b\,c,d:e\\`, "x:y:z", ",", `\`, "Authorization:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		hs, err := ParseHeaders(s)
		if err != nil {
			return
		}
		for _, h := range hs {
			if !isToken(h.Name) || strings.ContainsAny(h.Value, "\r\n\x00") {
				t.Fatalf("ParseHeaders(%q) accepted %q", s, h)
			}
		}
		// Formatting and parsing again gives the same headers.
		again, err := ParseHeaders(FormatHeaders(hs))
		if err != nil || !reflect.DeepEqual(again, hs) {
			t.Fatalf("round trip of %q: %v, %#v != %#v", s, err, again, hs)
		}
	})
}
