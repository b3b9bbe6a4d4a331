package flow

import (
	"strings"
	"testing"
)

// sheet is a workbook's and header_row a workbook's or a delimited text's:
// where they do nothing they warn (a setting that did nothing without a word
// left a CSV with a title line unreadable), and header_row on a CSV is
// taken without a word.
func TestReadingSettingsWarnWhereTheyDoNothing(t *testing.T) {
	for _, c := range []struct{ path, set, want string }{
		{"time.csv", "sheet: Time", "applies to workbooks only"},
		{"time.jsonl", "header_row: 2", "applies to workbooks and delimited text only"},
		{"time.csv", "header_row: 2", ""},
	} {
		d, err := Parse([]byte("version: 1\nid: abc\nname: n\nstatus: paused\nnexset: {path: "+c.path+", "+c.set+"}\ncredential: firm\napi_version: 4.0.10\nendpoint: {template: create_task}\n"), "d.yaml")
		if err != nil {
			t.Fatal(err)
		}
		var msg string
		for _, p := range checkConfig(d) {
			if strings.HasPrefix(p.Field, "nexset.") && p.Warning {
				msg = p.Message
			}
		}
		if (c.want == "" && msg != "") || !strings.Contains(msg, c.want) {
			t.Errorf("%s on %s: warning %q, want %q", c.set, c.path, msg, c.want)
		}
	}
}
