package nexset

import (
	"context"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16LE is s as Excel's "Unicode Text" writes it: UTF-16 LE with a mark.
func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func utf16BE(s string) []byte {
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// A Windows-1252 semicolon export as Excel saves it in Germany.
const win1252CSV = "Leistung;Datum;Stunden;Beschreibung\r\n1;03.11.2026;1,5;Besprechung M\xfcller \x96 Entwurf\r\n2;04.11.2026;2;Schriftsatz\r\n"

func TestEncodings(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		o    Options
		enc  Encoding
	}{
		{"windows-1252", []byte(win1252CSV), Options{Encoding: Windows1252}, Windows1252},
		{"latin-1", []byte(strings.ReplaceAll(win1252CSV, "\x96", "-")), Options{Encoding: Latin1}, Latin1},
		{"utf-16le detected", utf16LE("Leistung\tDatum\tStunden\tBeschreibung\r\n1\t03.11.2026\t1,5\tBesprechung Müller – Entwurf\r\n2\t04.11.2026\t2\tSchriftsatz\r\n"), Options{}, UTF16LE},
		{"utf-16be detected", utf16BE("Leistung\tDatum\tStunden\tBeschreibung\n1\t03.11.2026\t1,5\tBesprechung Müller – Entwurf\n2\t04.11.2026\t2\tSchriftsatz\n"), Options{}, UTF16BE},
		{"utf-16le asked", utf16LE("Leistung\tDatum\tStunden\tBeschreibung\n1\t03.11.2026\t1,5\tBesprechung Müller – Entwurf\n2\t04.11.2026\t2\tSchriftsatz\n"), Options{Encoding: UTF16LE}, UTF16LE},
		{"utf-8 with mark", []byte("\xEF\xBB\xBFLeistung;Datum;Stunden;Beschreibung\n1;03.11.2026;1,5;Besprechung Müller – Entwurf\n2;04.11.2026;2;Schriftsatz\n"), Options{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewReader(context.Background(), strings.NewReader(string(c.in)), "export.txt", c.o)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			res := drain(t, r)
			if len(res.bad) > 0 || res.end != nil || len(res.recs) != 2 {
				t.Fatalf("%d records, bad %v, end %v", len(res.recs), res.bad, res.end)
			}
			if got := r.Layout().Encoding; got != c.enc {
				t.Errorf("encoding %q, want %q", got, c.enc)
			}
			f := res.recs[0].Fields
			desc := "Besprechung Müller – Entwurf"
			if c.enc == Latin1 {
				desc = "Besprechung Müller - Entwurf"
			}
			if f["Beschreibung"] != desc || f["Datum"] != "03.11.2026" || f["Stunden"] != "1,5" {
				t.Errorf("record %v", f)
			}
		})
	}
}

// Without an encoding, Windows-1252 is still refused; the message names the
// line and column, shows the text as Windows-1252 reads it, and the flag.
func TestNotUTF8Refused(t *testing.T) {
	res := mustRead(t, win1252CSV, "export.csv", Options{})
	if len(res.bad) != 1 || len(res.recs) != 1 {
		t.Fatalf("%d good, bad %v", len(res.recs), res.bad)
	}
	msg := res.bad[0].Error()
	for _, want := range []string{"export.csv line 2", `column "Beschreibung"`, "Besprechung Müller – Entwurf", "--encoding windows-1252", "nexset.encoding"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]Encoding{"": "", "UTF-8": UTF8, "cp1252": Windows1252, "latin1": Latin1, "ISO-8859-1": Latin1, "utf-16le": UTF16LE, "UTF-16BE": UTF16BE} {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	if _, err := ParseEncoding("ebcdic"); err == nil || !strings.Contains(err.Error(), "windows-1252") {
		t.Errorf("ebcdic: %v", err)
	}
}
