package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// createdBodies are the data objects of the creates the sandbox accepted at
// a path ending in suffix, ordered by their note.
func createdBodies(t *testing.T, ds *deliverSandbox, suffix string) []map[string]any {
	t.Helper()
	es := ds.log.entries(t)
	var out []map[string]any
	for _, e := range es {
		if e.Method != "POST" || e.Status != 201 || !strings.HasSuffix(strings.SplitN(e.Path, "?", 2)[0], suffix) {
			continue
		}
		var body struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, body.Data)
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["note"].(string) < out[j]["note"].(string) })
	return out
}

func writeFixture(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// unicodeText is s as Excel's "Unicode Text" saves it: UTF-16 LE with its mark.
func unicodeText(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// deliverExport creates a Create Activity destination for a firm's export
// with extra flags, checks what validate says it read, activates it against
// the sandbox and returns the activities created.
func deliverExport(t *testing.T, nexsetPath, wantRead string, extra ...string) []map[string]any {
	t.Helper()
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	dest := filepath.Join(filepath.Dir(nexsetPath), "export.yaml")
	args := append([]string{"new", "--no-input", "-o", dest, "--nexset", nexsetPath, "--credential", "firm",
		"--template", "create_activity", "--set", "type=TimeEntry", "--map", "matter.id=Matter:integer",
		"--map", "note=Description", "--passthrough=false"}, extra...)
	if code, out, errOut := runCmd(t, env, args...); code != 0 {
		t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, env, "validate", dest)
	if code != 0 || !strings.Contains(errOut, wantRead) {
		t.Fatalf("validate: exit %d, want %q on stderr\n%s%s", code, wantRead, out, errOut)
	}
	if code, out, errOut := runCmd(t, env, "activate", dest); code != 0 {
		t.Fatalf("activate: exit %d\n%s%s", code, out, errOut)
	}
	return createdBodies(t, ds, "/activities.json")
}

// Excel's Unicode Text export (UTF-16 LE, tabs, a .txt name) reaches Clio
// with its accents and dashes as written.
func TestUTF16TabExportReachesClio(t *testing.T) {
	dir := t.TempDir()
	text := "Entry\tDate\tMatter\tHours\tDescription\r\n" +
		"1\t2026-11-03\t3001\t1.5\tBesprechung Müller – Entwurf\r\n" +
		"2\t2026-11-04\t3002\t2\tSchriftsatz\r\n"
	path := writeFixture(t, dir, "Unicode Text.txt", unicodeText(text))
	got := deliverExport(t, path, "read "+path+" as delimited text, tab separated, utf-16le",
		"--map", "date=Date:date", "--map", "quantity=Hours:hours_to_seconds")
	if len(got) != 2 || got[0]["note"] != "Besprechung Müller – Entwurf" || got[0]["quantity"] != float64(5400) || got[0]["date"] != "2026-11-03" {
		t.Fatalf("created %v", got)
	}
}

// Without --encoding a Windows-1252 file is refused with the way forward;
// an unknown encoding or delimiter is refused by new, naming the flag.
func TestWindows1252Refusals(t *testing.T) {
	dir := t.TempDir()
	path := writeFixture(t, dir, "zeiten.csv", []byte("Entry;Matter;Description\r\n1;3001;Besprechung M\xfcller \x96 Entwurf\r\n2;3002;Schriftsatz\r\n"))
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	dest := filepath.Join(dir, "zeiten.yaml")
	base := []string{"new", "--no-input", "-o", dest, "--nexset", path, "--credential", "firm",
		"--template", "create_activity", "--set", "type=TimeEntry", "--map", "note=Description"}
	for flag, want := range map[string]string{"--encoding": "--encoding: unknown encoding \"ebcdic\"", "--delimiter": "--delimiter: unknown delimiter \"ebcdic\""} {
		code, out, errOut := runCmd(t, env, append(base, flag, "ebcdic")...)
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("new %s ebcdic: exit %d, want %q\n%s%s", flag, code, want, out, errOut)
		}
	}
	if code, out, errOut := runCmd(t, env, base...); code != 0 {
		t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, env, "validate", dest)
	for _, want := range []string{"line 2", `invalid UTF-8 in column "Description"`, "Besprechung Müller – Entwurf", "--encoding windows-1252"} {
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("validate: exit %d, want %q\n%s%s", code, want, out, errOut)
		}
	}
}

// The German time sheet: semicolons, Windows-1252, 03.11.2026 and 1,5
// hours, delivered with --encoding windows-1252 --decimal comma.
func TestSemicolonWindows1252ReachesClio(t *testing.T) {
	dir := t.TempDir()
	csv := "Leistung;Datum;Matter;Stunden;Description\r\n" +
		"1;03.11.2026;3001;1,5;Besprechung M\xfcller \x96 Entwurf\r\n" +
		"2;04.11.2026;3002;1.250,25;Schriftsatz\r\n" +
		"3;05.11.2026;3001;2;Telefonat\r\n"
	path := writeFixture(t, dir, "zeiten.csv", []byte(csv))
	got := deliverExport(t, path, "read "+path+" as delimited text, semicolon separated, windows-1252",
		"--encoding", "windows-1252", "--decimal", "comma", "--map", "date=Datum:date:DD.MM.YYYY", "--map", "quantity=Stunden:hours_to_seconds")
	want := []struct {
		note, date string
		secs       float64
	}{{"Besprechung Müller – Entwurf", "2026-11-03", 5400}, {"Schriftsatz", "2026-11-04", 4500900}, {"Telefonat", "2026-11-05", 7200}}
	if len(got) != len(want) {
		t.Fatalf("created %v", got)
	}
	for i, w := range want {
		if got[i]["note"] != w.note || got[i]["date"] != w.date || got[i]["quantity"] != w.secs {
			t.Errorf("created %v, want %+v", got[i], w)
		}
	}
}

// Expenses written as firms write money reach Clio as numbers; 80% and an
// amount in another currency fail their records, named.
func TestMoneyReachesClio(t *testing.T) {
	dir := t.TempDir()
	csv := "Entry,Matter,Description,Amount\n" +
		"1,3001,a filing fee,\"$1,200.00\"\n" +
		"2,3001,b refund,(45.00)\n" +
		"3,3002,c courier,USD 80\n" +
		"4,3002,d credit,45.50-\n" +
		"5,3001,e markup,80%\n" +
		"6,3001,f hotel,€ 120\n"
	path := writeFixture(t, dir, "expenses.csv", []byte(csv))
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	dest := filepath.Join(dir, "expenses.yaml")
	if code, out, errOut := runCmd(t, env, "new", "--no-input", "-o", dest, "--nexset", path, "--credential", "firm", "--key", "Entry",
		"--template", "create_activity", "--set", "type=ExpenseEntry", "--map", "matter.id=Matter:integer", "--map", "note=Description",
		"--set", "quantity=1", "--set", "expense_category.id=6001", "--set", "date=2026-11-03", "--currency", "usd", "--suggest", "--passthrough=false"); !strings.Contains(out, "map price=Amount:money") {
		t.Fatalf("new: exit %d, no money suggested\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, env, "activate", dest)
	if code == 0 {
		t.Fatalf("activate: exit 0 with two bad amounts\n%s%s", out, errOut)
	}
	for _, want := range []string{`"80%" is a percentage, not an amount of money`, `"€ 120" is not in USD, the destination's currency`, "line 6", "line 7"} {
		if !strings.Contains(out+errOut, want) {
			t.Errorf("activate's output lacks %q\n%s%s", want, out, errOut)
		}
	}
	got := createdBodies(t, ds, "/activities.json")
	prices := map[string]any{}
	for _, b := range got {
		prices[b["note"].(string)] = b["price"]
	}
	wantPrices := map[string]any{"a filing fee": float64(1200), "b refund": float64(-45), "c courier": float64(80), "d credit": -45.5}
	if len(prices) != len(wantPrices) {
		t.Fatalf("created %v", got)
	}
	for k, v := range wantPrices {
		if prices[k] != v {
			t.Errorf("%s: price %v, want %v", k, prices[k], v)
		}
	}
}

// Without nexset.decimal, 1,250 hours is read with a decimal point and
// validate warns; with --decimal comma it is not ambiguous.
func TestAmbiguousDecimalWarns(t *testing.T) {
	dir := t.TempDir()
	path := writeFixture(t, dir, "hours.csv", []byte("Entry,Matter,Description,Hours\n1,3001,a,\"1,250\"\n"))
	env := map[string]string{"CLIODEST_CONFIG_DIR": t.TempDir()}
	for _, tc := range []struct {
		extra []string
		warns bool
	}{{nil, true}, {[]string{"--decimal", "comma"}, false}} {
		dest := filepath.Join(dir, "hours.yaml")
		args := append([]string{"new", "--no-input", "--force", "-o", dest, "--nexset", path, "--credential", "firm",
			"--template", "create_activity", "--set", "type=TimeEntry", "--map", "matter.id=Matter:integer", "--map", "note=Description",
			"--set", "date=2026-11-03", "--map", "quantity=Hours:hours_to_seconds"}, tc.extra...)
		if code, out, errOut := runCmd(t, env, args...); code != 0 {
			t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
		}
		code, out, errOut := runCmd(t, env, "validate", dest)
		warned := strings.Contains(errOut, `Hours: "1,250" is ambiguous: read as 1250 (a comma grouping thousands), but with a decimal comma it is 1.250`)
		if code != 0 || warned != tc.warns || (tc.warns && !strings.Contains(errOut, "--decimal")) {
			t.Errorf("validate %v: exit %d, warned %v\n%s%s", tc.extra, code, warned, out, errOut)
		}
	}
}

// A JSON export whose records sit under a key reaches Clio record by
// record; a document with two arrays of records is refused until one is chosen.
func TestJSONEnvelopeReachesClio(t *testing.T) {
	dir := t.TempDir()
	doc := `{"meta": {"exported": "2026-11-29", "by": "PracticeX"},
 "time_entries": [
  {"Matter": 3001, "Description": "a draft", "Date": "2026-11-03", "Hours": 1.5},
  {"Matter": 3002, "Description": "b call", "Date": "2026-11-04", "Hours": 0.5}
 ]}`
	path := writeFixture(t, dir, "export.json", []byte(doc))
	got := deliverExport(t, path, "read "+path+" as a JSON document, records at time_entries, utf-8",
		"--map", "date=Date:date", "--map", "quantity=Hours:hours_to_seconds")
	if len(got) != 2 || got[0]["note"] != "a draft" || got[1]["quantity"] != float64(1800) {
		t.Fatalf("created %v", got)
	}

	two := writeFixture(t, dir, "two.json", []byte(`{"data": [{"Matter": 3001, "Description": "x"}], "included": [{"id": 1}]}`))
	env := map[string]string{"CLIODEST_CONFIG_DIR": t.TempDir()}
	args := []string{"new", "--no-input", "-o", filepath.Join(dir, "two.yaml"), "--nexset", two, "--credential", "firm",
		"--template", "create_activity", "--set", "type=TimeEntry", "--map", "note=Description", "--map", "matter.id=Matter"}
	code, out, errOut := runCmd(t, env, args...)
	if code == 0 || !strings.Contains(errOut, "several arrays of records (data, included): choose one with --records-path") {
		t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runCmd(t, env, append(args, "--records-path", "data")...); code != 0 {
		t.Fatalf("new --records-path data: exit %d\n%s%s", code, out, errOut)
	}
}

// A time sheet workbook (a title row, date cells, a formula, a second
// sheet) reaches Clio from the sheet asked for, its dates as dates.
func TestWorkbookReachesClio(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Summary"))
	_, err := f.NewSheet("Time")
	must(err)
	must(f.SetSheetRow("Summary", "A1", &[]any{"Total hours", 3.5}))
	must(f.SetCellStr("Time", "A1", "Time sheet, November 2026"))
	must(f.SetSheetRow("Time", "A2", &[]any{"Date", "Matter", "Hours", "Description"}))
	must(f.SetSheetRow("Time", "A3", &[]any{time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), 3001, 1.5, "a draft"}))
	must(f.SetSheetRow("Time", "A4", &[]any{time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), 3002, 2, "b call"}))
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellStyle("Time", "A3", "A4", style))
	must(f.SetCellFormula("Time", "C4", "1+1"))
	path := filepath.Join(dir, "time.xlsx")
	must(f.SaveAs(path))
	must(f.Close())
	got := deliverExport(t, path, "read "+path+" as a workbook, sheet Time, header row 2",
		"--sheet", "Time", "--map", "date=Date:date", "--map", "quantity=Hours:hours_to_seconds")
	if len(got) != 2 || got[0]["date"] != "2026-11-03" || got[0]["quantity"] != float64(5400) || got[1]["date"] != "2026-11-04" || got[1]["quantity"] != float64(7200) {
		t.Fatalf("created %v", got)
	}
}
