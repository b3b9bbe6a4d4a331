package flow

import (
	"errors"
	"strings"
	"testing"
)

// A YAML syntax error names the line at fault (not the one before it, as
// the YAML parser's own message does), the column when it can be told, and
// shows the line.
func TestYAMLErrorLine(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unclosed list on line 2", "version: 1\nname: [unclosed\nstatus: paused\n",
			[]string{"line 2: not valid YAML: column 7: the list opened with [ is not closed by ]", ": name: [unclosed"}},
		{"unclosed list on line 1", "name: [unclosed\nversion: 1\n",
			[]string{"line 1: not valid YAML: column 7:"}},
		{"unclosed mapping", "version: 1\nid: x\nendpoint: {template: create_task\nstatus: paused\n",
			[]string{"line 3: not valid YAML: column 11: the inline mapping opened with { is not closed by }", "endpoint: {template: create_task"}},
		{"bad indentation (a scanner error: its line was already right)", "version: 1\nname: x\n  bad: indent\n",
			[]string{"line 3: not valid YAML: mapping values are not allowed in this context: bad: indent"}},
		{"tab", "version: 1\n\tname: x\n",
			[]string{"line 2: not valid YAML: column 1: a tab indents this line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "d.yaml")
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse = %v, want *LoadError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(le.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, le.Error())
				}
			}
		})
	}
}

// An attribute used in the URL and also excluded is refused at once with
// what happened and the fix; no record-by-record "missing" follows.
func TestURLAttributeExcluded(t *testing.T) {
	head := "version: 1\nid: abc\nname: n\nstatus: paused\nnexset: {path: a.jsonl}\ncredential: firm\napi_version: 4.0.10\n"
	for _, tt := range []struct{ name, yaml, want string }{
		{"template id", head + "endpoint: {template: update_task, id: \"{record.task_id}\"}\nexclude: [task_id]\n",
			"endpoint.id: task_id is excluded, but the object's ID is read from it: take task_id out of the excluded attributes (an attribute used in the URL is never sent in the body"},
		{"advanced url", head + "endpoint: {method: PATCH, url: \"/api/v4/notes/{record.note.id}.json\"}\nexclude: [note]\n",
			"endpoint.url: note.id is excluded, but the URL is read from it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "d.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
