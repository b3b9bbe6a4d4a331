package flow

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestTemplates(t *testing.T) {
	tests := []struct {
		tmpl, id   string
		mapping    []Mapping
		record     map[string]any
		wantMethod string
		wantURL    string
		wantBody   string // compact JSON
		wantFail   string // attr:reason of a per-record failure
		required   []string
	}{
		{tmpl: CreateActivity, mapping: []Mapping{{Target: "type", Value: "TimeEntry", Const: true}},
			record:     map[string]any{"date": "2024-03-04", "hours": 2, "matter": map[string]any{"id": int64(3001), "name": "x"}},
			wantMethod: "POST", wantURL: "/api/v4/activities.json",
			wantBody: `{"data":{"date":"2024-03-04","matter":{"id":3001},"type":"TimeEntry"}}`, required: []string{"type", "date"}},
		{tmpl: UpdateActivity, id: "{record.activity_id}", mapping: []Mapping{{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"}},
			record:     map[string]any{"activity_id": int64(10001), "hours": 0.5},
			wantMethod: "PATCH", wantURL: "/api/v4/activities/10001.json", wantBody: `{"data":{"quantity":1800}}`},
		{tmpl: UpdateActivity, id: "777", record: map[string]any{"note": "n"},
			wantMethod: "PATCH", wantURL: "/api/v4/activities/777.json", wantBody: `{"data":{"note":"n"}}`},
		{tmpl: UpdateActivity, id: "{record.activity_id}", record: map[string]any{"note": "n"}, wantFail: "activity_id:missing"},
		{tmpl: UpdateTask, id: "{record.task_id}", record: map[string]any{"task_id": "abc"}, wantFail: `task_id:"abc" is not an ID`},
		{tmpl: UpdateTask, id: "{record.task_id}", record: map[string]any{"task_id": "20001", "status": "complete", "extra": 1},
			wantMethod: "PATCH", wantURL: "/api/v4/tasks/20001.json", wantBody: `{"data":{"status":"complete"}}`},
		{tmpl: CreateTask, mapping: []Mapping{{Target: "assignee.id", Source: "who", Convert: "integer"}, {Target: "assignee.type", Value: "User", Const: true}},
			record:     map[string]any{"name": "File", "description": "File it", "who": "1001", "priority": "High"},
			wantMethod: "POST", wantURL: "/api/v4/tasks.json",
			wantBody: `{"data":{"assignee":{"id":1001,"type":"User"},"description":"File it","name":"File","priority":"High"}}`,
			required: []string{"name", "description", "assignee.id", "assignee.type"}},
		{tmpl: CreateActivity, mapping: []Mapping{{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"}},
			record: map[string]any{"hours": "lots"}, wantFail: "hours:\"lots\" is not a number (converting to hours_to_seconds for quantity)"},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl+tt.id+tt.wantFail, func(t *testing.T) {
			d := New("t")
			d.Credential = "firm"
			d.Nexset.Path = "n.jsonl"
			d.Endpoint = Endpoint{Template: tt.tmpl, ID: tt.id}
			d.Mapping = tt.mapping
			p := mustPlan(t, d)
			if tt.required != nil {
				tp, _ := LookupTemplate(tt.tmpl)
				if got := strings.Join(tp.Required(), ","); got != strings.Join(tt.required, ",") {
					t.Errorf("Required = %s, want %v", got, tt.required)
				}
			}
			it, f := p.Prepare(rec(4, tt.record))
			if tt.wantFail != "" {
				attr, reason, _ := strings.Cut(tt.wantFail, ":")
				if f == nil || f.Attr != attr || !strings.Contains(f.Reason, reason) || f.Line != 5 || f.Pos != 4 {
					t.Fatalf("failure = %+v, want %s / %q on line 5", f, attr, reason)
				}
				if !strings.Contains(f.Error(), "n.jsonl line 5") {
					t.Errorf("failure message %q does not name file and line", f.Error())
				}
				return
			}
			if f != nil {
				t.Fatalf("unexpected failure %v", f)
			}
			calls, err := p.Calls([]Item{it})
			if err != nil || len(calls) != 1 {
				t.Fatalf("Calls: %v %v", calls, err)
			}
			c := calls[0]
			if c.Method != tt.wantMethod || c.URL != tt.wantURL || string(c.Body) != tt.wantBody {
				t.Errorf("call = %s %s %s\nwant %s %s %s", c.Method, c.URL, c.Body, tt.wantMethod, tt.wantURL, tt.wantBody)
			}
			if c.Header.Get("X-API-VERSION") != "4.0.10" || c.Header.Get("Content-Type") != "application/json" || c.Header.Get("Authorization") != "" {
				t.Errorf("headers = %v", c.Header)
			}
			if c.Request().Path != strings.TrimPrefix(tt.wantURL, "/api/v4") {
				t.Errorf("Request().Path = %q", c.Request().Path)
			}
		})
	}
}

func TestTemplateCatalogueVerdict(t *testing.T) {
	d := New("t")
	d.Nexset.Path = "n.jsonl"
	d.Endpoint = Endpoint{Template: CreateTask}
	p := mustPlan(t, d)
	recs := []nexset.Record{rec(1, map[string]any{"name": "x", "priority": "Urgent"})}
	s := p.Samples(recs, 3)
	if len(s) != 1 || s[0].OK() {
		t.Fatalf("sample should carry problems: %+v", s)
	}
	all := strings.Join(s[0].Problems, "\n")
	for _, want := range []string{"data.description", "data.assignee", "High, Normal or Low"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q lack %q", all, want)
		}
	}
	calls, fails := p.Build(recs)
	if len(calls) != 0 || len(fails) != 1 || !strings.Contains(fails[0].Reason, "Clio would refuse it") {
		t.Fatalf("Build should refuse the record: %v %v", calls, fails)
	}
}

// An excluded attribute never reaches a body, a sample, a key or a webhook document.
func TestExclusionEverywhere(t *testing.T) {
	tests := []struct {
		name    string
		exclude []string
		secrets []string
		mutate  func(d *Destination)
	}{
		{name: "template", exclude: []string{"internal_notes", "private"}, secrets: []string{"SECRET-NOTE", "ssn"}},
		{name: "advanced passthrough", exclude: []string{"internal_notes", "private.ssn"}, secrets: []string{"SECRET-NOTE", "ssn"},
			mutate: func(d *Destination) { d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/activities.json"} }},
		{name: "excluded target", exclude: []string{"internal_notes", "private", "matter"}, secrets: []string{"SECRET-NOTE", "987654321"},
			mutate: func(d *Destination) { d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/activities.json"} }},
		{name: "form", exclude: []string{"internal_notes", "private"}, secrets: []string{"SECRET-NOTE", "ssn"},
			mutate: func(d *Destination) {
				d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/activities.json", ContentFormat: FormatForm}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := timeEntries(t)
			d.Nexset.Key = ""
			d.Exclude = tt.exclude
			if tt.mutate != nil {
				tt.mutate(d)
			}
			r := timeRecord(1)
			r.Fields["matter"] = map[string]any{"id": int64(987654321)}
			delete(r.Fields, "matter_id")
			p := mustPlan(t, d)
			calls, fails := p.Build([]nexset.Record{r})
			if len(fails) > 0 || len(calls) != 1 {
				t.Fatalf("build: %v %v", calls, fails)
			}
			samples := p.Samples([]nexset.Record{r}, 1)
			doc := d.ResponseDoc(calls[0], 201, []byte(`{"data":{"id":1,"internal_notes":"SECRET-NOTE","private":{"ssn":"123"},"matter":{"id":987654321}}}`), nil, timeZero)
			docJSON, _ := json.Marshal(doc)
			sampleJSON, _ := json.Marshal(samples)
			for _, s := range tt.secrets {
				for where, text := range map[string]string{"body": string(calls[0].Body), "sample": string(sampleJSON), "webhook": string(docJSON), "key": calls[0].Records[0].Key} {
					if strings.Contains(text, s) || strings.Contains(text, "internal_notes") {
						t.Errorf("%s leaks %q: %s", where, s, text)
					}
				}
			}
			if _, ok := r.Fields["internal_notes"]; !ok {
				t.Error("the caller's record was modified")
			}
		})
	}
}

func TestPassthrough(t *testing.T) {
	record := map[string]any{"date": "2024-01-02", "type": "TimeEntry", "hours": 1, "unknown": "u", "matter": map[string]any{"id": int64(5), "color": "red"}}
	tests := []struct {
		name string
		d    func() *Destination
		want string
	}{
		{"template passes catalogue attributes only", func() *Destination {
			d := timeEntries(t)
			d.Mapping = []Mapping{{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"}}
			return d
		}, `{"data":{"date":"2024-01-02","matter":{"id":5},"quantity":3600,"type":"TimeEntry"}}`},
		{"template without passthrough", func() *Destination {
			d := timeEntries(t)
			d.Mapping = []Mapping{{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"}}
			d.Passthrough = boolp(false)
			return d
		}, `{"data":{"quantity":3600}}`},
		{"advanced passes everything but mapping sources", func() *Destination {
			d := timeEntries(t)
			d.Endpoint = Endpoint{Method: "POST", URL: "activities.json"}
			d.Mapping = []Mapping{{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"}}
			return d
		}, `{"data":{"date":"2024-01-02","matter":{"color":"red","id":5},"quantity":3600,"type":"TimeEntry","unknown":"u"}}`},
		{"advanced raw", func() *Destination {
			d := timeEntries(t)
			d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/activities.json", Wrap: boolp(false)}
			d.Mapping = nil
			d.Passthrough = boolp(false)
			d.Mapping = []Mapping{{Target: "date", Source: "date"}}
			return d
		}, `{"date":"2024-01-02"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d()
			d.Nexset.Key = ""
			calls, fails := mustPlan(t, d).build([]nexset.Record{rec(1, record)}, false)
			if len(fails) > 0 || len(calls) != 1 {
				t.Fatalf("build: %v %v", calls, fails)
			}
			if got := string(calls[0].Body); got != tt.want {
				t.Errorf("body = %s\nwant   %s", got, tt.want)
			}
		})
	}
}

func TestAdvancedEndpoint(t *testing.T) {
	tests := []struct {
		name, method, url, format string
		wantProblem, wantWarn     string
		wantURL                   string
	}{
		{name: "path", method: "post", url: "/api/v4/notes.json", wantURL: "/api/v4/notes.json"},
		{name: "short path", method: "POST", url: "notes.json", wantURL: "/api/v4/notes.json"},
		{name: "macro", method: "PATCH", url: "/api/v4/notes/{record.id}.json?fields=id", wantURL: "/api/v4/notes/9.json?fields=id"},
		{name: "absolute", method: "POST", url: "https://app.clio.com/api/v4/notes.json", wantURL: "https://app.clio.com/api/v4/notes.json"},
		{name: "unknown path warns", method: "POST", url: "/api/v4/widgets.json", wantWarn: "not in Clio's published API", wantURL: "/api/v4/widgets.json"},
		{name: "method not offered", method: "PUT", url: "/api/v4/notes.json", wantProblem: "has no PUT on /notes.json"},
		{name: "bad method", method: "GET", url: "/api/v4/notes.json", wantProblem: "not one of POST, PATCH, PUT, DELETE"},
		{name: "no .json", method: "POST", url: "/api/v4/notes", wantProblem: "end in .json"},
		{name: ".json only in query", method: "POST", url: "/api/v4/notes?x=.json", wantProblem: "end in .json"},
		{name: "v3", method: "POST", url: "/api/v3/notes.json", wantProblem: "only Clio API v4"},
		{name: "ftp", method: "POST", url: "ftp://x/api/v4/notes.json", wantProblem: "not an absolute http(s) URL"},
		{name: "password", method: "POST", url: "https://u:p@app.clio.com/api/v4/notes.json", wantProblem: "user name or password"},
		{name: "bad macro", method: "POST", url: "/api/v4/{id}.json", wantProblem: "must be {record.ATTRIBUTE}"},
		{name: "bad format", method: "POST", url: "/api/v4/notes.json", format: "xml", wantProblem: "not one of json, form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New("a")
			d.Nexset.Path = "n.jsonl"
			d.Endpoint = Endpoint{Method: tt.method, URL: tt.url, ContentFormat: tt.format}
			ps := checkConfig(d)
			text := ""
			for _, p := range ps {
				text += p.String() + "\n"
			}
			if tt.wantProblem != "" {
				if len(ps.Errors()) == 0 || !strings.Contains(text, tt.wantProblem) {
					t.Fatalf("problems = %s, want %q", text, tt.wantProblem)
				}
				return
			}
			if len(ps.Errors()) > 0 {
				t.Fatalf("unexpected problems: %s", text)
			}
			if tt.wantWarn != "" && !strings.Contains(text, tt.wantWarn) {
				t.Errorf("warnings = %s, want %q", text, tt.wantWarn)
			}
			calls, _ := mustPlan(t, d).build([]nexset.Record{rec(1, map[string]any{"id": int64(9)})}, false)
			if len(calls) != 1 || calls[0].URL != tt.wantURL {
				t.Fatalf("calls = %+v, want URL %s", calls, tt.wantURL)
			}
		})
	}
}

func TestAbsoluteURLBoundToHost(t *testing.T) {
	d := New("a")
	d.Nexset.Path = "n.jsonl"
	d.Endpoint = Endpoint{Method: "POST", URL: "https://eu.app.clio.com/api/v4/notes.json"}
	us, err := clioRegion("us")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.PlanOn(us); err == nil || !strings.Contains(err.Error(), "never sent elsewhere") {
		t.Fatalf("PlanOn(us) = %v, want a host refusal", err)
	}
	eu, _ := clioRegion("eu")
	p, err := d.PlanOn(eu)
	if err != nil {
		t.Fatal(err)
	}
	calls, _ := p.build([]nexset.Record{rec(1, map[string]any{})}, false)
	if calls[0].Request().Path != "/notes.json" {
		t.Errorf("Request().Path = %q", calls[0].Request().Path)
	}
}

func TestFormBody(t *testing.T) {
	got := encodeForm(map[string]any{"data": map[string]any{"matter": map[string]any{"id": int64(1)}, "note": "a&b c", "tags": []any{"x", "y"}, "n": nil,
		"list": []any{map[string]any{"id": int64(2)}}}})
	want := "data%5Blist%5D%5B%5D%5Bid%5D=2&data%5Bmatter%5D%5Bid%5D=1&data%5Bn%5D=&data%5Bnote%5D=a%26b+c&data%5Btags%5D%5B%5D=x&data%5Btags%5D%5B%5D=y"
	if got != want {
		t.Fatalf("encodeForm =\n%s\nwant\n%s", got, want)
	}
}

func TestRecordKey(t *testing.T) {
	a, _ := recordKey(map[string]any{"x": int64(1), "y": "b"}, nexset.Record{Pos: 1}, "")
	b, _ := recordKey(map[string]any{"y": "b", "x": int64(1)}, nexset.Record{Pos: 1}, "")
	c, _ := recordKey(map[string]any{"x": int64(1), "y": "b"}, nexset.Record{Pos: 2}, "")
	if a != b || a == c || !strings.HasPrefix(a, "h:") {
		t.Fatalf("content keys: %s %s %s", a, b, c)
	}
	if k, err := recordKey(map[string]any{"id": int64(7)}, nexset.Record{Pos: 1}, "id"); k != "7" || err != nil {
		t.Fatalf("key attr = %q %v", k, err)
	}
	if _, err := recordKey(map[string]any{}, nexset.Record{Pos: 1}, "id"); err == nil || !strings.Contains(err.Error(), "id: missing") {
		t.Fatalf("missing key: %v", err)
	}
}
