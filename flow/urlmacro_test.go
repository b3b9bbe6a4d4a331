package flow

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestURLTemplate(t *testing.T) {
	fields := map[string]any{"id": int64(42), "name": "a/b c", "f": 3.0, "frac": 1.5, "empty": "", "nul": nil,
		"obj": map[string]any{"id": "7"}, "list": []any{1}}
	tests := []struct {
		tmpl, want, parseErr, expandErr string
	}{
		{tmpl: "/api/v4/tasks/{record.id}.json", want: "/api/v4/tasks/42.json"},
		{tmpl: "/api/v4/x/{record.name}.json", want: "/api/v4/x/a%2Fb%20c.json"},
		{tmpl: "/api/v4/x.json?q={record.name}", want: "/api/v4/x.json?q=a%2Fb+c"},
		{tmpl: "/api/v4/m/{record.obj.id}/{ record.f }.json", want: "/api/v4/m/7/3.json"},
		{tmpl: "/api/v4/x/{record.frac}.json", want: "/api/v4/x/1.5.json"},
		{tmpl: "/api/v4/x/{record.missing}.json", expandErr: "missing:missing"},
		{tmpl: "/api/v4/x/{record.empty}.json", expandErr: "empty:is empty"},
		{tmpl: "/api/v4/x/{record.nul}.json", expandErr: "nul:is null"},
		{tmpl: "/api/v4/x/{record.obj}.json", expandErr: "obj:is an object"},
		{tmpl: "/api/v4/x/{record.list}.json", expandErr: "list:is an array"},
		{tmpl: "/api/v4/x/{id}.json", parseErr: "must be {record.ATTRIBUTE}"},
		{tmpl: "/api/v4/x/{record.}.json", parseErr: "names no attribute"},
		{tmpl: "/api/v4/x/{record.a..b}.json", parseErr: "names no attribute"},
		{tmpl: "/api/v4/x/{record.id.json", parseErr: "without a closing"},
		{tmpl: "/api/v4/x/record.id}.json", parseErr: "without a matching"},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			ut, err := ParseURLTemplate(tt.tmpl)
			if tt.parseErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.parseErr) {
					t.Fatalf("parse error = %v, want %q", err, tt.parseErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := ut.Expand(fields)
			if tt.expandErr != "" {
				attr, reason, _ := strings.Cut(tt.expandErr, ":")
				var ae *AttrError
				if !errors.As(err, &ae) || ae.Attr != attr || !strings.Contains(ae.Reason, reason) {
					t.Fatalf("expand error = %v, want attr %s reason %q", err, attr, reason)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Expand = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func FuzzURLMacros(f *testing.F) {
	f.Add("/api/v4/tasks/{record.id}.json", "12")
	f.Add("/api/v4/x.json?a={record.id}", "a&b=c")
	f.Add("{record.id}{record.id}", "../..")
	f.Add("{", "")
	f.Fuzz(func(t *testing.T, tmpl, value string) {
		ut, err := ParseURLTemplate(tmpl)
		if err != nil {
			return
		}
		out, err := ut.Expand(map[string]any{})
		if ut.HasMacros() != (err != nil) {
			t.Fatalf("%q: macros %v but expand on no fields gave %q, %v", tmpl, ut.HasMacros(), out, err)
		}
		fields := map[string]any{}
		for _, a := range ut.Attrs() {
			nexset.Set(fields, a, value)
		}
		out, err = ut.Expand(fields)
		if err != nil {
			if strings.TrimSpace(value) == "" {
				return
			}
			// A value can only fail when attributes collide (a.b and a).
			return
		}
		if !strings.Contains(tmpl, "?") && ut.HasMacros() && strings.Contains(value, "/") && strings.Count(out, "/") > strings.Count(tmpl, "/") {
			t.Fatalf("a value's '/' leaked into the path: %q → %q", tmpl, out)
		}
		if _, err := url.Parse("https://h.example" + out); err != nil && !strings.ContainsAny(tmpl, "% #\x7f") && isPrintableASCII(tmpl) {
			t.Logf("unparsable result %q from %q (literal part is the user's)", out, tmpl)
		}
	})
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
