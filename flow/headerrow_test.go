package flow

import (
	"strings"
	"testing"
)

// header_row and sheet are a workbook's: on a text Nexset they did nothing
// without a word (a CSV with a title line stayed unreadable); the file says
// so.
func TestWorkbookSettingsOnATextNexsetWarn(t *testing.T) {
	for _, set := range []string{"header_row: 2", "sheet: Time"} {
		d, err := Parse([]byte("version: 1\nid: abc\nname: n\nstatus: paused\nnexset: {path: time.csv, "+set+"}\ncredential: firm\napi_version: 4.0.10\nendpoint: {template: create_task}\n"), "d.yaml")
		if err != nil {
			t.Fatal(err)
		}
		var msg string
		for _, p := range checkConfig(d) {
			if strings.HasPrefix(p.Field, "nexset.") && p.Warning {
				msg = p.Message
			}
		}
		if !strings.Contains(msg, "applies to workbooks only") {
			t.Errorf("%s on a CSV: warning %q", set, msg)
		}
	}
}
