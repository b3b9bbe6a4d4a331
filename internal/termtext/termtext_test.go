package termtext

import (
	"bytes"
	"testing"
)

func TestLineAndBlock(t *testing.T) {
	for _, c := range []struct{ in, line, block string }{
		{"Jane Doe", "Jane Doe", "Jane Doe"},
		{"a\x1b]0;pwned\ab", "ab", "ab"},
		{"x\x1b[2Jy", "xy", "xy"},
		{"a\x1b]52;c;cm0=\ab", "ab", "ab"},
		{"a\a\x00b", "a\uFFFD\uFFFDb", "a\uFFFD\uFFFDb"},
		{"a\nb\tc", "a\uFFFDb  c", "a\nb  c"},
		{"c1\u009b31m\u0085", "c1\uFFFD31m\uFFFD", "c1\uFFFD31m\uFFFD"},
		{"raw\x9bbyte", "rawyte", "rawyte"}, // a raw 0x9b is a CSI: the sequence goes
		{"del\x7f", "del\uFFFD", "del\uFFFD"},
	} {
		if got := Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.line)
		}
		if got := Block(c.in); got != c.block {
			t.Errorf("Block(%q) = %q, want %q", c.in, got, c.block)
		}
	}
}

// A C1 control written in two halves (0xC2, then 0x9B) is still caught,
// and a plain character split the same way arrives whole.
func TestWriterJoinsSplitCharacters(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	for _, part := range []string{"a\xc2", "\x9b31m é\xc3", "\xa9 \x1b[2Jz\t\n"} {
		if n, err := w.Write([]byte(part)); err != nil || n != len(part) {
			t.Fatalf("Write(%q) = %d, %v", part, n, err)
		}
	}
	if got, want := out.String(), "a\uFFFD31m éé z\t\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if Raw(w) != &out || NewWriter(w) != w {
		t.Error("Raw or NewWriter does not see through the wrapper")
	}
}
