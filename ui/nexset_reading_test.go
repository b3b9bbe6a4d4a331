package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readingOpen moves to the Read as line (the last field) and opens it.
func readingOpen(t *testing.T, m *model) *nexsetStep {
	t.Helper()
	s := m.steps[stepNexset].(*nexsetStep)
	for i := 0; s.fm.focused().id != "read"; i++ {
		if i > 20 {
			t.Fatalf("no Read as field on the Nexset step (did the file load?):\n%s", screen(m))
		}
		press(t, m, "down")
	}
	press(t, m, "right")
	return s
}

// focusOn moves down the open reading settings to the field id.
func focusOn(t *testing.T, m *model, s *nexsetStep, id string) {
	t.Helper()
	for i := 0; s.fm.focused().id != id; i++ {
		if i > 10 {
			t.Fatalf("no field %s under Read as:\n%s", id, screen(m))
		}
		press(t, m, "down")
	}
}

// A workbook's sheets are listed and one is chosen on the Nexset step; the
// records are read again from it and the choice is the destination's.
func TestNexsetStepChoosesSheet(t *testing.T) {
	f := newOfflineFixture(t)
	book := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(book.SetSheetName("Sheet1", "Time"))
	_, err := book.NewSheet("Expenses")
	must(err)
	must(book.SetSheetRow("Time", "A1", &[]any{"Entry", "Hours"}))
	must(book.SetSheetRow("Time", "A2", &[]any{"T1", 1.5}))
	must(book.SetSheetRow("Expenses", "A1", &[]any{"Entry", "Amount"}))
	must(book.SetSheetRow("Expenses", "A2", &[]any{"E1", 12.5}))
	path := filepath.Join(f.dir, "firm.xlsx")
	must(book.SaveAs(path))

	m := newTestModel(t, f.options(), 80, 24)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter")
	if sc := screen(m); !strings.Contains(sc, "Read as  a workbook, sheet Time, header row 1") {
		t.Fatalf("no layout line:\n%s", sc)
	}
	s := readingOpen(t, m)
	focusOn(t, m, s, "sheet")
	if sc := screen(m); !strings.Contains(sc, "[first visible: Time]  Time   Expenses") {
		t.Fatalf("the sheets are not listed:\n%s", sc)
	}
	press(t, m, "right", "right")
	if m.d.Nexset.Sheet != "Expenses" || len(m.schema.Attrs) != 2 || m.schema.Attrs[0].Path != "Amount" {
		t.Fatalf("sheet %q after choosing Expenses:\n%s", m.d.Nexset.Sheet, screen(m))
	}
	focusOn(t, m, s, "header")
	typeText(t, m, "x")
	if m.d.Nexset.HeaderRow != 0 || !strings.Contains(screen(m), "x is not a row number") {
		t.Fatalf("header row x: %d\n%s", m.d.Nexset.HeaderRow, screen(m))
	}
	press(t, m, "backspace")
	typeText(t, m, "1")
	if m.d.Nexset.HeaderRow != 1 {
		t.Fatalf("header row = %d, want 1", m.d.Nexset.HeaderRow)
	}
	press(t, m, "up", "up", "up") // out of the group: it closes to its line
	if sc := screen(m); strings.Contains(sc, "first visible") || !strings.Contains(sc, "sheet Expenses, header row 1") {
		t.Fatalf("closed group:\n%s", sc)
	}
}

// A record among the first that is not UTF-8 opens the settings at the
// encoding, with the refusal.
func TestNexsetStepOffersEncodingForABadRecord(t *testing.T) {
	f := newOfflineFixture(t)
	path := filepath.Join(f.dir, "export.csv")
	if err := os.WriteFile(path, []byte("Entry,Note\n1,Call\n2,Besprechung M\xfcller\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 120, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter")
	s := m.steps[stepNexset].(*nexsetStep)
	if sc := screen(m); s.loaded == "" || s.fm.get("encoding").hidden || !strings.Contains(sc, "Encoding above") {
		t.Fatalf("the encoding is not offered:\n%s", sc)
	}
}

// A Windows-1252 file is refused as it is read, and choosing its encoding
// on the step reads it again; the delimiter and decimal mark are saved too.
func TestNexsetStepChoosesEncoding(t *testing.T) {
	f := newOfflineFixture(t)
	path := filepath.Join(f.dir, "export.csv")
	if err := os.WriteFile(path, []byte("Entry;Hours;Note\n1;1,5;Besprechung M\xfcller\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 100, 31) // the reading settings, header line included, open above the schema
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter")
	s := m.steps[stepNexset].(*nexsetStep)
	if sc := screen(m); !strings.Contains(sc, "Encoding above") || s.fm.get("encoding").hidden {
		t.Fatalf("the encoding is not offered after the refusal:\n%s", sc)
	}
	focusOn(t, m, s, "encoding")
	press(t, m, "right", "right") // detected, utf-8, windows-1252
	if m.d.Nexset.Encoding != "windows-1252" || s.loaded == "" || !strings.Contains(screen(m), "Müller") {
		t.Fatalf("encoding %q, loaded %q:\n%s", m.d.Nexset.Encoding, s.loaded, screen(m))
	}
	focusOn(t, m, s, "decimal")
	press(t, m, "right", "right")
	if m.d.Nexset.Decimal != "comma" {
		t.Fatalf("decimal = %q", m.d.Nexset.Decimal)
	}
	press(t, m, "up", "up")
	if s.fm.focused().id != "delimiter" || !strings.Contains(screen(m), "[detected: semicolon]") {
		t.Fatalf("focus %s:\n%s", s.fm.focused().id, screen(m))
	}
}

// The time zone is asked with this machine's zone as its default; a name
// that is no zone is said and not kept.
func TestNexsetStepAsksTimezone(t *testing.T) {
	t.Setenv("TZ", "America/Vancouver")
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 100, 30)
	if m.d.Timezone != "America/Vancouver" {
		t.Fatalf("a new destination's zone = %q, want the machine's", m.d.Timezone)
	}
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	if !strings.Contains(screen(m), "America/Vancouver") {
		t.Fatalf("zone not on the Read as line:\n%s", screen(m))
	}
	s := readingOpen(t, m)
	focusOn(t, m, s, "timezone")
	press(t, m, "ctrl+u")
	typeText(t, m, "Mars/Olympus")
	if m.d.Timezone == "Mars/Olympus" || !strings.Contains(screen(m), "Mars/Olympus is not a time zone name") {
		t.Fatalf("zone %q:\n%s", m.d.Timezone, screen(m))
	}
	press(t, m, "ctrl+u")
	typeText(t, m, "Europe/Dublin")
	if m.d.Timezone != "Europe/Dublin" {
		t.Fatalf("zone = %q", m.d.Timezone)
	}
}

// The record key is suggested when the head has an identifier unique in
// every record, with why it matters; tab takes it.
func TestNexsetStepSuggestsKey(t *testing.T) {
	f := newOfflineFixture(t)
	path := filepath.Join(f.dir, "time.csv")
	if err := os.WriteFile(path, []byte("matter_id,entry_id,hours\n3001,E1,1\n3002,E2,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 100, 30)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter", "down", "down")
	s := m.steps[stepNexset].(*nexsetStep)
	sc := screen(m)
	if s.fm.focused().id != "key" || !strings.Contains(sc, "Suggested: entry_id") || !strings.Contains(sc, "record corrected in the Nexset") {
		t.Fatalf("no suggestion:\n%s", sc)
	}
	press(t, m, "tab")
	if m.d.Nexset.Key != "entry_id" {
		t.Fatalf("key = %q after tab", m.d.Nexset.Key)
	}
}

// A workbook's sample says which row of which sheet it is.
func TestPaneNamesWorkbookRow(t *testing.T) {
	f := newOfflineFixture(t)
	book := excelize.NewFile()
	if err := book.SetSheetName("Sheet1", "Time"); err != nil {
		t.Fatal(err)
	}
	_ = book.SetCellStr("Time", "A1", "Time sheet")
	_ = book.SetSheetRow("Time", "A3", &[]any{"entry_id", "work_date", "hours", "matter_id"})
	_ = book.SetSheetRow("Time", "A4", &[]any{"E1", "2026-11-03", 1.5, 3001})
	path := filepath.Join(f.dir, "time.xlsx")
	if err := book.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "enter") // check, template
	if sc := screen(m); !strings.Contains(sc, "Record #1 (Time row 4)") {
		t.Fatalf("the sample does not name its row:\n%s", sc)
	}
}

// A CSV export with a title line above its header is read from the header
// line the step's Header row names (it was offered for workbooks only).
func TestNexsetStepHeaderRowOfText(t *testing.T) {
	f := newOfflineFixture(t)
	path := filepath.Join(f.dir, "export.csv")
	if err := os.WriteFile(path, []byte("Time report March 2026\nEntry,Hours,Note\nT1,1.5,call\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 100, 31)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter")
	s := m.steps[stepNexset].(*nexsetStep)
	focusOn(t, m, s, "header")
	if sc := screen(m); !strings.Contains(sc, "lines above it, such as a title, are skipped") {
		t.Fatalf("no help for a text file's header line:\n%s", sc)
	}
	typeText(t, m, "2")
	if m.d.Nexset.HeaderRow != 2 || len(m.schema.Attrs) != 3 || m.schema.Attrs[0].Path != "Entry" {
		t.Fatalf("header row %d, schema %+v:\n%s", m.d.Nexset.HeaderRow, m.schema.Attrs, screen(m))
	}
}
