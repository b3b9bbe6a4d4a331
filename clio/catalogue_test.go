package clio

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/internal/specgen"
)

// specPath is where Clio's OpenAPI description sits when the repository is
// cloned with shared/ beside it.
const specPath = "../../shared/clio/openapi.json"

func TestCatalogueIsFresh(t *testing.T) {
	spec, err := os.ReadFile(specPath)
	if err != nil {
		abs, _ := filepath.Abs(specPath)
		t.Skipf("Clio's OpenAPI description not found at %s (%v); cannot check catalogue.json", abs, err)
	}
	want, err := specgen.Generate(spec)
	if err != nil {
		t.Fatalf("generate from %s: %v", specPath, err)
	}
	if !bytes.Equal(want, catalogueJSON) {
		t.Fatalf("clio/catalogue.json is stale or hand-edited (%d bytes, generator gives %d): run go generate ./clio", len(catalogueJSON), len(want))
	}
}

func TestCatalogueCoversTheSpec(t *testing.T) {
	// Counts from the spec: 154 paths; 141 GET, 47 POST, 46 PATCH, 43 DELETE.
	if got := len(Paths()); got != 154 {
		t.Errorf("Paths() has %d paths, want 154", got)
	}
	count := map[string]int{}
	for _, op := range Operations() {
		count[op.Method]++
	}
	want := map[string]int{"GET": 141, "POST": 47, "PATCH": 46, "DELETE": 43}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("operations per method = %v, want %v", count, want)
	}
	if !slices.IsSorted(Paths()) {
		t.Error("Paths() is not sorted")
	}
}

func TestEveryPathRoundTripsThroughLookup(t *testing.T) {
	for _, path := range Paths() {
		methods := Methods(path)
		if len(methods) == 0 {
			t.Errorf("Methods(%q) is empty", path)
		}
		for _, m := range methods {
			for _, form := range []string{path, "/api/v4" + path, "https://app.clio.com/api/v4" + path} {
				op, params, ok := Lookup(m, form)
				if !ok {
					t.Errorf("Lookup(%s, %q) not found", m, form)
					continue
				}
				if op.Path != path || op.Method != m {
					t.Errorf("Lookup(%s, %q) = %s %s", m, form, op.Method, op.Path)
				}
				for name, val := range params {
					if val != "{"+name+"}" {
						t.Errorf("Lookup(%s, %q) param %s = %q, want the template's own {%s}", m, form, name, val, name)
					}
				}
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, method, path string
		wantPath           string // "" means not found
		wantParams         map[string]string
	}{
		{"relative id", "PATCH", "/tasks/123.json", "/tasks/{id}.json", map[string]string{"id": "123"}},
		{"api prefix", "GET", "/api/v4/tasks/123.json", "/tasks/{id}.json", map[string]string{"id": "123"}},
		{"lower-case method", "patch", "/activities/9.json", "/activities/{id}.json", map[string]string{"id": "9"}},
		{"full URL with query", "GET", "https://eu.app.clio.com/api/v4/tasks.json?fields=id,name&limit=5", "/tasks.json", map[string]string{}},
		{"loopback URL with port", "POST", "http://127.0.0.1:8080/api/v4/activities.json", "/activities.json", map[string]string{}},
		{"macro segment", "PATCH", "/tasks/{record.task_id}.json", "/tasks/{id}.json", map[string]string{"id": "{record.task_id}"}},
		{"macro with slash and query chars", "PATCH", "/api/v4/tasks/{record.a/b?c}.json", "/tasks/{id}.json", map[string]string{"id": "{record.a/b?c}"}},
		{"escaped macro in URL", "PATCH", "https://app.clio.com/api/v4/tasks/%7Brecord.id%7D.json", "/tasks/{id}.json", map[string]string{"id": "{record.id}"}},
		{"no leading slash", "POST", "tasks.json", "/tasks.json", map[string]string{}},
		{"literal beats parameter", "GET", "/users/who_am_i.json", "/users/who_am_i.json", map[string]string{}},
		{"parameter when literal lacks method", "PATCH", "/folders/list.json", "/folders/{id}.json", map[string]string{"id": "list"}},
		{"two parameters", "GET", "/court_rules/jurisdictions/7/triggers/8.json", "/court_rules/jurisdictions/{jurisdiction_id}/triggers/{id}.json", map[string]string{"jurisdiction_id": "7", "id": "8"}},
		{"middle parameter", "GET", "/matters/55/contacts.json", "/matters/{matter_id}/contacts.json", map[string]string{"matter_id": "55"}},
		{"unknown method", "PUT", "/tasks.json", "", nil},
		{"method the path lacks", "DELETE", "/users/1.json", "", nil},
		{"unknown path", "GET", "/nonsense.json", "", nil},
		{"missing .json", "GET", "/tasks/123", "", nil},
		{"empty id", "GET", "/tasks/.json", "", nil},
		{"trailing slash", "GET", "/tasks.json/", "", nil},
		{"double slash", "GET", "/tasks//1.json", "", nil},
		{"empty", "GET", "", "", nil},
		{"host only", "GET", "https://app.clio.com", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, params, ok := Lookup(tt.method, tt.path)
			if tt.wantPath == "" {
				if ok {
					t.Fatalf("Lookup(%s, %q) = %s %s, want not found", tt.method, tt.path, op.Method, op.Path)
				}
				return
			}
			if !ok {
				t.Fatalf("Lookup(%s, %q) not found, want %s", tt.method, tt.path, tt.wantPath)
			}
			if op.Path != tt.wantPath || op.Method != strings.ToUpper(tt.method) {
				t.Errorf("Lookup(%s, %q) = %s %s, want %s", tt.method, tt.path, op.Method, op.Path, tt.wantPath)
			}
			if !reflect.DeepEqual(params, tt.wantParams) {
				t.Errorf("params = %v, want %v", params, tt.wantParams)
			}
		})
	}
}

func TestMethodsTemplateAndSummary(t *testing.T) {
	tests := []struct {
		path         string
		wantMethods  []string
		wantTemplate string
	}{
		{"/tasks.json", []string{"GET", "POST"}, "/tasks.json"},
		{"/tasks/{id}.json", []string{"GET", "PATCH", "DELETE"}, "/tasks/{id}.json"},
		{"/api/v4/tasks/42.json", []string{"GET", "PATCH", "DELETE"}, "/tasks/{id}.json"},
		{"/timer.json", []string{"GET", "POST", "DELETE"}, "/timer.json"},
		{"/folders/list.json", []string{"GET"}, "/folders/list.json"},
		{"/nope.json", nil, ""},
	}
	for _, tt := range tests {
		if got := Methods(tt.path); !slices.Equal(got, tt.wantMethods) {
			t.Errorf("Methods(%q) = %v, want %v", tt.path, got, tt.wantMethods)
		}
		if got := Template(tt.path); got != tt.wantTemplate {
			t.Errorf("Template(%q) = %q, want %q", tt.path, got, tt.wantTemplate)
		}
	}
	summaries := map[[2]string]string{
		{"POST", "/activities.json"}:           "Create a new Activity",
		{"PATCH", "/api/v4/activities/1.json"}: "Update a single Activity",
		{"POST", "/tasks.json"}:                "Create a new Task",
		{"PATCH", "/tasks/{record.id}.json"}:   "Update a single Task",
		{"PUT", "/tasks.json"}:                 "",
	}
	for k, want := range summaries {
		if got := Summary(k[0], k[1]); got != want {
			t.Errorf("Summary(%s, %s) = %q, want %q", k[0], k[1], got, want)
		}
	}
}

// The four templates' required attributes, as the spec states them.
func TestTemplateRequiredPaths(t *testing.T) {
	tests := []struct {
		method, path string
		want         []string
	}{
		{"POST", "/activities.json", []string{"type", "date"}},
		{"PATCH", "/activities/1.json", nil},
		{"POST", "/tasks.json", []string{"name", "description", "assignee.id", "assignee.type"}},
		{"PATCH", "/tasks/1.json", nil},
		{"POST", "/conversation_messages.json", []string{"body", "subject", "receivers[].id", "receivers[].type"}},
		{"GET", "/tasks.json", nil},
	}
	for _, tt := range tests {
		op := mustLookup(t, tt.method, tt.path)
		if got := op.RequiredPaths(); !slices.Equal(got, tt.want) {
			t.Errorf("%s %s RequiredPaths() = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestLeaves(t *testing.T) {
	op := mustLookup(t, "POST", "/tasks.json")
	leaves := map[string]*Leaf{}
	var required []string
	for _, l := range op.Leaves() {
		leaves[l.Path] = l
		if l.Required {
			required = append(required, l.Path)
		}
	}
	slices.Sort(required)
	if want := []string{"assignee.id", "assignee.type", "description", "name"}; !slices.Equal(required, want) {
		t.Errorf("required leaves = %q, want %q", required, want)
	}
	checks := []struct {
		path, typ, format string
		enum              []string
		notNull           bool
	}{
		{"assignee.id", "integer", "int64", nil, true},
		{"assignee.type", "string", "", []string{"User", "Contact"}, false},
		{"priority", "string", "", []string{"High", "Normal", "Low"}, false},
		{"status", "string", "", []string{"pending", "in_progress", "in_review", "complete"}, false},
		{"due_at", "string", "date-time", nil, false},
		{"matter.id", "integer", "int64", nil, true},
		{"time_estimated", "integer", "int32", nil, false},
	}
	for _, c := range checks {
		l := leaves[c.path]
		if l == nil {
			t.Errorf("no leaf %q", c.path)
			continue
		}
		if l.Attr.Type != c.typ || l.Attr.Format != c.format || !slices.Equal(l.Attr.Enum, c.enum) || l.Attr.NotNull != c.notNull {
			t.Errorf("leaf %q = %+v, want type %s format %s enum %v notnull %v", c.path, *l.Attr, c.typ, c.format, c.enum, c.notNull)
		}
	}
	if _, ok := leaves["matter"]; ok {
		t.Error("object matter listed as a leaf; want only matter.id")
	}

	act := mustLookup(t, "POST", "/activities.json")
	var paths []string
	for _, l := range act.Leaves() {
		paths = append(paths, l.Path)
		if l.Path == "user.id" && (!l.Attr.Nullable || l.Attr.NotNull) {
			t.Errorf("user.id should be nullable (\"Use the keyword null to specify no association\"), got %+v", *l.Attr)
		}
	}
	for _, want := range []string{"date", "type", "quantity", "price", "matter.id", "activity_description.id", "user.id", "vendor.id"} {
		if !slices.Contains(paths, want) {
			t.Errorf("Create Activity leaves lack %q: %q", want, paths)
		}
	}
	if got := mustLookup(t, "GET", "/tasks.json").Leaves(); got != nil {
		t.Errorf("GET /tasks.json Leaves() = %v, want nil", got)
	}
}

func mustLookup(t *testing.T, method, path string) *Operation {
	t.Helper()
	op, _, ok := Lookup(method, path)
	if !ok {
		t.Fatalf("Lookup(%s, %s) not found", method, path)
	}
	return op
}

func BenchmarkDecodeCatalogue(b *testing.B) {
	b.SetBytes(int64(len(catalogueJSON)))
	for b.Loop() {
		if _, err := decodeCatalogue(catalogueJSON); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	loadedCatalogue()
	for b.Loop() {
		if _, _, ok := Lookup("PATCH", "https://app.clio.com/api/v4/tasks/12345.json?fields=id"); !ok {
			b.Fatal("not found")
		}
	}
}

func TestListFilters(t *testing.T) {
	got := ListFilters("/activities.json")
	for _, want := range []string{"created_since", "matter_id", "user_id", "activity_description_id"} {
		if !slices.Contains(got, want) {
			t.Errorf("activities.json filters %v lack %s", got, want)
		}
	}
	if slices.Contains(got, "X-API-VERSION") {
		t.Error("a header is listed as a filter")
	}
	if got := ListFilters("/matters/12/nothing_here.json"); got != nil {
		t.Errorf("unknown path: %v", got)
	}
}
