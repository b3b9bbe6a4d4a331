package flow

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestConvertWithLayout(t *testing.T) {
	tests := []struct {
		conv    string
		in      any
		want    any
		wantErr string
	}{
		{"date:DD/MM/YYYY", "03/04/2024", "2024-04-03", ""},
		{"date:DD/MM/YYYY", "3/4/2024", "2024-04-03", ""},
		{"date:DD/MM/YYYY", "25/12/2024", "2024-12-25", ""},
		{"date:MM/DD/YYYY", "03/04/2024", "2024-03-04", ""},
		{"date:DD.MM.YY", "05.03.24", "2024-03-05", ""},
		{"date:DD.MM.YY", "05.03.99", "1999-03-05", ""},
		{"date:YYYYMMDD", "20240305", "2024-03-05", ""},
		{"date:YYYYMMDD", int64(20240305), "2024-03-05", ""},
		{"date:DD/MM/YYYY hh:mm", "05/03/2024 23:10", "2024-03-05", ""},
		{"datetime:DD/MM/YYYY hh:mm", "05/03/2024 9:07", "2024-03-05T09:07:00Z", ""},
		{"datetime:YYYY-MM-DDThh:mm:ss", "2024-03-05T14:30:05", "2024-03-05T14:30:05Z", ""},
		{"datetime:DD/MM/YYYY", "05/03/2024", "2024-03-05T00:00:00Z", ""},
		{"date:DD/MM/YYYY", "2024/03/05", nil, `"2024/03/05" does not match the date layout DD/MM/YYYY`},
		// A workbook's date cells arrive as ISO text: every layout takes them,
		// so a column mixing them with text in the layout converts whole.
		{"date:MM/DD/YYYY", "2026-03-05", "2026-03-05", ""},
		{"date:DD/MM/YYYY", "2026-03-05T17:30:00", "2026-03-05", ""},
		{"datetime:DD/MM/YYYY hh:mm", "2026-03-05T17:30:00", "2026-03-05T17:30:00Z", ""},
		{"date:DD/MM/YYYY", "2026-3-5", nil, "does not match the date layout DD/MM/YYYY"},
		{"date:DD/MM/YYYY", "2026-02-30", nil, "does not match the date layout DD/MM/YYYY"},
		{"date:DD/MM/YYYY", "03/25/2024", nil, "is not a real date"},
		{"date:DD/MM/YYYY", "31/02/2024", nil, "is not a real date"},
		{"date:DD/MM/YYYY", "03/04/2024 ", "2024-04-03", ""},
		{"date:DD/MM/YYYY", "03/04/24", nil, "does not match"},
		{"date:DD/MM/YYYY", "03/04/2024x", nil, "does not match"},
		{"date:DD/MM/YYYY", 3.5, nil, "is not a date written DD/MM/YYYY"},
		{"datetime:DD/MM/YYYY hh:mm", "05/03/2024 24:00", nil, "not a real date or time"},
		{"date:DD/MM/YYY", "03/04/2024", nil, `date layout "DD/MM/YYY"`},
		{"date:DD/MM", "03/04", nil, "needs DD, MM and YYYY"},
		{"date:DD/DD/YYYY", "03/04/2024", nil, "has DD twice"},
		{"date:DD/MM/YYYY mm", "03/04/2024 10", nil, "minutes (mm) need hours"},
		{"time:DD/MM/YYYY", "03/04/2024", nil, "unknown conversion"},
	}
	for _, tt := range tests {
		t.Run(tt.conv+"/"+strings.ReplaceAll(toText(tt.in), "/", "_"), func(t *testing.T) {
			got, err := Convert(tt.conv, tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Convert(%s, %v) error = %v, want %q", tt.conv, tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Convert(%s, %v) = %v, %v; want %v", tt.conv, tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseMapFlagWithLayout(t *testing.T) {
	tests := []struct {
		in, wantConv, wantErr string
	}{
		{in: "date=work_date:date:DD/MM/YYYY", wantConv: "date:DD/MM/YYYY"},
		{in: "due_at=due:datetime:DD/MM/YYYY hh:mm", wantConv: "datetime:DD/MM/YYYY hh:mm"},
		{in: "date=work_date:date", wantConv: "date"},
		{in: "date=work_date:date:DD/MM/YYY", wantErr: `date layout "DD/MM/YYY"`},
		{in: "date=work_date:day:DD/MM/YYYY", wantErr: "unknown conversion"},
		{in: "date=work_date:", wantErr: "empty conversion"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := ParseMapFlag(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseMapFlag(%q) = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || m.Convert != tt.wantConv || m.String() != tt.in {
				t.Fatalf("ParseMapFlag(%q) = %+v (%s), %v", tt.in, m, m, err)
			}
		})
	}
}

func TestAmbiguousDateWarnings(t *testing.T) {
	tests := []struct {
		conv, value string
		want        []string // in the sample's warnings; nil: none about the date
		wantDate    string
	}{
		{"date", "03/04/2024", []string{"work_date:", `"03/04/2024" is ambiguous`, "read as 2024-03-04 (MM/DD/YYYY)", "as DD/MM/YYYY it is 2024-04-03", "date:DD/MM/YYYY or date:MM/DD/YYYY"}, "2024-03-04"},
		{"date", "3-4-2024", nil, ""}, // not a layout the rule reads: a failure, not a warning
		{"date", "03.04.2024", []string{"read as 2024-04-03 (DD.MM.YYYY)", "as MM.DD.YYYY it is 2024-03-04"}, "2024-04-03"},
		{"datetime", "03/04/2024", []string{"datetime:DD/MM/YYYY[ hh:mm] or datetime:MM/DD/YYYY[ hh:mm]"}, ""},
		{"datetime", "03/04/2024 17:00:05", []string{`"03/04/2024 17:00:05" is ambiguous: read as 2024-03-04 (MM/DD/YYYY)`, "datetime:DD/MM/YYYY[ hh:mm:ss] or datetime:MM/DD/YYYY[ hh:mm:ss]"}, ""},
		{"date", "03/25/2024", nil, "2024-03-25"},
		{"date", "04/04/2024", nil, "2024-04-04"},
		{"date", "2024-03-04", nil, "2024-03-04"},
		{"date:DD/MM/YYYY", "03/04/2024", nil, "2024-04-03"},
		{"date:MM/DD/YYYY", "03/04/2024", nil, "2024-03-04"},
	}
	for _, tt := range tests {
		t.Run(tt.conv+" "+tt.value, func(t *testing.T) {
			d := timeEntries(t)
			d.Mapping[1].Convert = tt.conv
			r := timeRecord(1)
			r.Fields["work_date"] = tt.value
			s := Samples(d, []nexset.Record{r}, 1)
			if len(s) != 1 {
				t.Fatalf("samples: %+v", s)
			}
			if tt.wantDate == "" && tt.want == nil {
				if s[0].Error == "" {
					t.Fatalf("sample built from %q: %+v", tt.value, s[0])
				}
				return
			}
			w := strings.Join(s[0].Warnings, "\n")
			if tt.want == nil && strings.Contains(w, "ambiguous") {
				t.Fatalf("unexpected warning: %s", w)
			}
			if !containsAll(w, tt.want...) {
				t.Fatalf("warnings %q lack %q", w, tt.want)
			}
			if tt.wantDate != "" && !strings.Contains(s[0].Body, `"date": "`+tt.wantDate+`"`) {
				t.Fatalf("body %s lacks date %s", s[0].Body, tt.wantDate)
			}
		})
	}
	// Validate names the record and line of the warning.
	d := timeEntries(t)
	ps := Validate(d, []nexset.Record{timeRecord(1)})
	found := false
	for _, p := range ps {
		found = found || (p.Warning && p.Field == "record 1 (line 2)" && strings.Contains(p.Message, "work_date: \"03/04/2024\" is ambiguous"))
	}
	if !found {
		t.Fatalf("Validate lacks the ambiguity warning on record 1 (line 2): %v", ps)
	}
}

func TestLayoutFailsTheRecordNotTheDestination(t *testing.T) {
	d := timeEntries(t)
	d.Mapping[1].Convert = "date:DD/MM/YYYY"
	good, bad := timeRecord(1), timeRecord(2)
	bad.Fields["work_date"] = "2024/03/05"
	calls, fails := mustPlan(t, d).Build([]nexset.Record{good, bad})
	if len(calls) != 1 || len(fails) != 1 {
		t.Fatalf("calls %d, failures %v", len(calls), fails)
	}
	if got := fails[0].Error(); !containsAll(got, "line 3", "work_date", `"2024/03/05"`, "DD/MM/YYYY") {
		t.Fatalf("failure = %q, want line, attribute, value and layout", got)
	}
}

func TestLayoutInFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.yaml")
	d := timeEntries(t)
	d.Mapping[1].Convert = "date:DD/MM/YYYY"
	if err := Save(path, d); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil || got.Mapping[1].Convert != "date:DD/MM/YYYY" {
		t.Fatalf("round trip: %v, %+v", err, got)
	}
	data, _ := os.ReadFile(path)
	bad := strings.Replace(string(data), "date:DD/MM/YYYY", "date:DD/MN/YYYY", 1)
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path)
	if err == nil || !containsAll(err.Error(), "mapping[2].convert", `date layout "DD/MN/YYYY"`, "line ") {
		t.Fatalf("Load = %v", err)
	}
}

func TestSuggestDayFirstLayout(t *testing.T) {
	tests := []struct {
		examples []string
		want     string
	}{
		{[]string{"03/04/2024", "25/04/2024"}, "date:DD/MM/YYYY"},
		{[]string{"13.01.2024", "02.02.2024"}, "date:DD.MM.YYYY"},
		{[]string{"03/04/2024", "04/05/2024"}, "date"},            // ambiguous: keep the rule, which warns
		{[]string{"03/25/2024", "04/05/2024"}, "date"},            // month first
		{[]string{"25/04/2024", "03/25/2024"}, "date"},            // contradictory
		{[]string{"25/04/2024", "2024-04-03"}, "date:DD/MM/YYYY"}, // a workbook's date cell beside text: the layout reads both
		{[]string{"2024-04-25", "2024-04-03"}, "date"},            // all date cells
		{[]string{"25/04/2024", "2024/04/03"}, "date"},            // mixed forms
		{[]string{"25/04/2024", "26-04-2024"}, "date"},            // mixed separators
	}
	tp, _ := LookupTemplate(CreateActivity)
	op, err := tp.Operation()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.examples, " "), func(t *testing.T) {
			ms := Suggest(op, nexset.Schema{Attrs: []nexset.Attr{{Path: "work_date", Types: []string{"string"}, Examples: tt.examples}}})
			if len(ms) != 1 || ms[0].Convert != tt.want {
				t.Fatalf("Suggest = %v, want date=work_date:%s", ms, tt.want)
			}
		})
	}
}

// TestRecommendedLayoutsCoverTheWarnings: every layout an ambiguity warning
// names is among RecommendedLayouts, and each of them is a valid conversion.
func TestRecommendedLayoutsCoverTheWarnings(t *testing.T) {
	all := RecommendedLayouts()
	for _, l := range all {
		if err := CheckConversion(l); err != nil {
			t.Errorf("%s: %v", l, err)
		}
	}
	for _, conv := range []string{"date", "datetime"} {
		for _, v := range []string{"03/04/2024", "03-04-2024", "03.04.2024", "03/04/2024 17:00", "03.04.2024 17:00:05"} {
			w := ambiguousDate(conv, v)
			_, rest, ok := strings.Cut(w, "say which with convert ")
			if !ok {
				t.Fatalf("%s %s: %q", conv, v, w)
			}
			for _, l := range strings.Split(rest, " or ") {
				if !slices.Contains(all, l) {
					t.Errorf("%s %s: the warning recommends %s, which RecommendedLayouts lacks", conv, v, l)
				}
			}
		}
	}
}
