package flow

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.yaml")
	d := timeEntries(t)
	d.Mapping = append(d.Mapping, Mapping{Target: "note", Value: nil, Const: true}, Mapping{Target: "price", Value: 12.5, Const: true})
	d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/activities.json", Headers: `X-A:1\,2`, Wrap: boolp(false)}
	d.Passthrough = boolp(false)
	d.ResponseWebhook = WebhookCfg{Enabled: true, URL: "https://hooks.example/x", File: "out.jsonl"}
	if err := Save(path, d); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, %v", st.Mode(), err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Dir != dir || got.ResponseFilePath() != filepath.Join(dir, "out.jsonl") || got.NexsetPath() != filepath.Join(dir, "time.csv") {
		t.Errorf("paths: dir %s, %s, %s", got.Dir, got.ResponseFilePath(), got.NexsetPath())
	}
	got.Dir, d.Dir = "", ""
	if !reflect.DeepEqual(got, d) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, d)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestSaveRefusesInvalid(t *testing.T) {
	d := timeEntries(t)
	d.Batching.Size = 5000
	path := filepath.Join(t.TempDir(), "d.yaml")
	var le *LoadError
	if err := Save(path, d); !errors.As(err, &le) {
		t.Fatalf("Save = %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("an invalid destination was written")
	}
}

func TestLoadProblems(t *testing.T) {
	const head = "version: 1\nid: abc\nname: n\nstatus: paused\nnexset: {path: a.csv}\ncredential: firm\napi_version: 4.0.10\n"
	tests := []struct {
		name string
		yaml string
		want []string // "line N: field: text" fragments, each must match one problem
	}{
		{"unknown key", head + "endpoint: {template: create_task}\ncolour: blue\n", []string{`line 9: unknown field "colour"`}},
		{"unknown nested key", head + "endpoint: {template: create_task, idd: 5}\n", []string{`line 8: unknown field "idd" in endpoint`}},
		{"wrong type", head + "endpoint: {template: create_task}\nbatching: {enabled: true, size: many}\n", []string{`line 9: batching.size: wrong type: text "many" where a whole number is expected`}},
		{"wrong type, block style", head + "endpoint: {template: create_task}\nexclude: yes\n", []string{`line 9: exclude: wrong type: text "yes" where a list is expected`}},
		{"batch size written as 0", head + "endpoint: {method: POST, url: notes.json}\nbatching: {enabled: true, size: 0}\n", []string{`line 9: batching.size: 0 records per call: give a whole number from 1 to 1000`}},
		{"url with a space", head + "endpoint: {method: POST, url: /api/v4/my notes.json}\n", []string{"line 8: endpoint.url:", "write a space in a value as %20"}},
		{"fractional batch size", head + "endpoint: {method: POST, url: notes.json}\nbatching:\n  enabled: true\n  size: 0.5\n", []string{`line 11: batching.size: 0.5 records per call: give a whole number from 1 to 1000`}},
		{"missing id and status", "version: 1\nname: n\nnexset: {path: a.csv}\ncredential: firm\napi_version: 4.0.10\nendpoint: {template: create_task}\n", []string{"id: missing", "status: missing: write status: paused"}},
		{"missing update id", head + "endpoint:\n  template: update_task\n", []string{"line 8: endpoint.id: Update Task needs the ID"}},
		{"unknown template", head + "endpoint:\n  template: create_widget\n", []string{`line 9: endpoint.template: unknown template "create_widget"`}},
		{"bad url", head + "endpoint:\n  method: POST\n  url: /api/v4/notes\n", []string{"line 10: endpoint.url:", "end in .json"}},
		{"bad header", head + "endpoint:\n  method: POST\n  url: notes.json\n  headers: \"Authorization:Bearer x\"\n", []string{"line 11: endpoint.headers:", "Authorization cannot be set"}},
		{"batch size", head + "endpoint: {method: POST, url: notes.json}\nbatching:\n  enabled: true\n  size: 0\n  grouping: in_order\n  size: 2000\n", []string{"already defined"}},
		{"batch size range", head + "endpoint: {method: POST, url: notes.json}\nbatching:\n  enabled: true\n  size: 2000\n", []string{"line 11: batching.size: 2000 is outside 1–1000"}},
		{"batching template", head + "endpoint: {template: create_task}\nbatching: {enabled: true}\n", []string{"line 9: batching.enabled:", "one object per call"}},
		{"bad conversion", head + "endpoint: {template: create_activity}\nmapping:\n  - {target: date, source: d, convert: dat}\n", []string{`line 10: mapping[1].convert: unknown conversion "dat"`}},
		{"mapping unknown key", head + "endpoint: {template: create_activity}\nmapping:\n  - {target: date, sorce: d}\n", []string{`line 10: unknown field "sorce"`}},
		{"many at once", "version: 2\nid: abc\nname: \"\"\nstatus: running\nnexset: {path: a.csv, format: xls}\ncredential: firm\napi_version: five\nendpoint: {template: update_task}\nbatching: {enabled: true, size: 0, grouping: random}\nresponse_webhook: {enabled: true, url: \"ftp://x\"}\n",
			[]string{"line 1: version:", "line 3: name:", "line 4: status:", "line 5: nexset.format:", "line 7: api_version:", "line 8: endpoint.id:", "line 9: batching.grouping:", "line 10: response_webhook.url:"}},
		{"not yaml", "version: [1\n", []string{"not valid YAML"}},
		{"not a mapping", "- 1\n", []string{"line 1: a destination file is a YAML mapping"}},
		{"empty", "", []string{"empty file"}},
		{"token as credential", strings.Replace(head, "credential: firm", "credential: 8f2d3c4b5a6978675645342312aabbccddeeff", 1) + "endpoint: {template: create_task}\n", []string{"line 6: credential: looks like a token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "d.yaml")
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse = %v, want *LoadError", err)
			}
			msg := le.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if !strings.HasPrefix(msg, "d.yaml: ") {
				t.Errorf("error does not name the file: %s", msg)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	for _, p := range []string{"../samples/time-entries.yaml", "../samples/advanced-activities.yaml", "../samples/task-updates.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("version: 1\nmapping: [{target: a, value: {x: [1, null]}}]\n"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, "f.yaml")
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("Parse error is not a *LoadError with problems: %v", err)
			}
			return
		}
		// A destination that loads saves and loads again to the same thing.
		out, err := Marshal(d)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		again, err := Parse(out, "again.yaml")
		if err != nil {
			t.Fatalf("reloading:\n%s\n%v", out, err)
		}
		if !reflect.DeepEqual(again, d) {
			t.Fatalf("reload differs:\n%+v\n%+v", again, d)
		}
	})
}

// TestLoadProblemsInFileOrder: problems found by different checks (a type
// error, a bad batch size, an unknown conversion) come in the file's order.
func TestLoadProblemsInFileOrder(t *testing.T) {
	src := "version: 1\nid: 0123456789abcdef0123456789abcdef\nname: n\nstatus: paused\nnexset: {path: a.csv}\ncredential: firm\n" +
		"endpoint: {template: create_activity}\napi_version: 4.0.10\nmapping:\n  - {target: quantity, source: hours, convert: hourz}\n" +
		"batching: {enabled: false, size: 0}\nresponse_webhook: {enabled: maybe}\n"
	_, err := Parse([]byte(src), "d.yaml")
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) < 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	for i := 1; i < len(le.Problems); i++ {
		if le.Problems[i].Line < le.Problems[i-1].Line {
			t.Fatalf("problems out of the file's order:\n%v", err)
		}
	}
}
