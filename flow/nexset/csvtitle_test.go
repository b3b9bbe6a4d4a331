package nexset

import (
	"context"
	"strings"
	"testing"
)

// An export with a line above its header (a report title, or the sep=;
// line Excel reads) is refused saying what to do about that line, not only
// that the rows have more fields than "the header".
func TestLineAboveTheHeaderIsNamed(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"title", "Time report March 2026\nRef,Date,Hours\nA1,03/04/2026,1.5\n", "if line 1 is a title above the header, remove it"},
		{"sep line", "sep=;\r\nRef;Date;Hours\r\nA1;03/04/2026;1,5\r\n", `line 1: header row: this is Excel's "sep=;" line, not the header: remove it`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var msgs []string
			r, err := NewReader(context.Background(), strings.NewReader(c.in), "export.csv", Options{})
			if err != nil {
				msgs = append(msgs, err.Error())
			} else {
				res := drain(t, r)
				r.Close()
				for _, b := range res.bad {
					msgs = append(msgs, b.Error())
				}
				if res.end != nil {
					msgs = append(msgs, res.end.Error())
				}
			}
			if all := strings.Join(msgs, "\n"); !strings.Contains(all, c.want) {
				t.Errorf("messages lack %q:\n%s", c.want, all)
			}
		})
	}
}
