package clio

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:generate go run ./internal/gencatalogue -spec ../../shared/clio/openapi.json -o catalogue.json

// catalogueJSON is generated from Clio's OpenAPI description of API v4; it
// holds facts only (paths, methods, summaries, request data schemas).
//
//go:embed catalogue.json
var catalogueJSON []byte

// Attr describes one attribute of a request's data, as Clio's OpenAPI
// description states it. The JSON tags are the catalogue file's format (see
// clio/internal/specgen). Values returned by the catalogue are shared: treat
// them as read-only.
type Attr struct {
	Name     string   `json:"name,omitempty"`
	Type     string   `json:"type,omitempty"`   // object, string, integer, number, boolean or array
	Format   string   `json:"format,omitempty"` // int32, int64, double, date, date-time
	Enum     []string `json:"enum,omitempty"`
	Required []string `json:"required,omitempty"` // names of Props that must be present
	Props    []*Attr  `json:"props,omitempty"`    // sorted by Name
	Items    *Attr    `json:"items,omitempty"`    // element schema of an array
	Nullable bool     `json:"nullable,omitempty"` // the spec says null is valid ("no association")
	NotNull  bool     `json:"notnull,omitempty"`  // the spec says null is not valid
}

// Prop returns the property called name, or nil.
func (a *Attr) Prop(name string) *Attr {
	if a == nil {
		return nil
	}
	for _, p := range a.Props {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// At returns the attribute at a dotted path below a ("matter.id"), or nil.
// A segment may index an array of objects ("email_addresses[0].address"):
// the item schema stands for every index.
func (a *Attr) At(path string) *Attr {
	for seg := range strings.SplitSeq(path, ".") {
		name, indexed := strings.CutSuffix(seg, "]")
		if indexed {
			var ok bool
			if name, _, ok = strings.Cut(name, "["); !ok {
				return nil
			}
		}
		a = a.Prop(name)
		if indexed {
			if a == nil || a.Items == nil {
				return nil
			}
			a = a.Items
		}
	}
	return a
}

// IsRequired reports whether the property called name must be present.
func (a *Attr) IsRequired(name string) bool {
	if a == nil {
		return false
	}
	for _, r := range a.Required {
		if r == name {
			return true
		}
	}
	return false
}

// Operation is one method on one v4 path.
type Operation struct {
	Method       string   `json:"method"` // upper case
	Path         string   `json:"path"`   // template relative to /api/v4, e.g. "/tasks/{id}.json"
	Summary      string   `json:"summary,omitempty"`
	Data         *Attr    `json:"data,omitempty"` // schema of the body's "data"; nil when there is no body
	BodyRequired bool     `json:"body_required,omitempty"`
	Query        []string `json:"query,omitempty"` // the query parameters it takes (a list's filters), sorted
}

// catalogue is the decoded embedded file with its lookup structures.
type catalogue struct {
	ops   []*Operation
	paths []string
	byKey map[string][]*Operation // path template → operations in method order
	root  *routeNode
}

var (
	catalogueOnce sync.Once
	catalogueData *catalogue
)

// loadedCatalogue decodes the embedded catalogue on first use. The file is
// generated and tested with the package, so a decoding failure is a build
// defect, not bad input: it panics like regexp.MustCompile.
func loadedCatalogue() *catalogue {
	catalogueOnce.Do(func() {
		c, err := decodeCatalogue(catalogueJSON)
		if err != nil {
			panic(fmt.Sprintf("clio: embedded catalogue.json is corrupt (run go generate ./clio): %v", err))
		}
		catalogueData = c
	})
	return catalogueData
}

func decodeCatalogue(raw []byte) (*catalogue, error) {
	var file struct {
		Operations []*Operation `json:"operations"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		return nil, err
	}
	c := &catalogue{ops: file.Operations, byKey: map[string][]*Operation{}, root: newRouteNode()}
	for _, op := range c.ops {
		if op.Method == "" || !strings.HasPrefix(op.Path, "/") {
			return nil, fmt.Errorf("operation %q %q: missing method or path", op.Method, op.Path)
		}
		if _, seen := c.byKey[op.Path]; !seen {
			c.paths = append(c.paths, op.Path)
		}
		c.byKey[op.Path] = append(c.byKey[op.Path], op)
		if err := c.root.add(op); err != nil {
			return nil, err
		}
	}
	sort.Strings(c.paths)
	return c, nil
}

// Paths returns every v4 path template in the catalogue, sorted, relative to
// /api/v4 (e.g. "/tasks/{id}.json").
func Paths() []string {
	return append([]string(nil), loadedCatalogue().paths...)
}

// Methods returns the methods (upper case, in GET, POST, PUT, PATCH, DELETE
// order) the catalogue lists for a path template as Paths spells it, or for
// the template a concrete path matches (see Template); nil when unknown.
func Methods(path string) []string {
	c := loadedCatalogue()
	ops, ok := c.byKey[path]
	if !ok {
		ops = c.byKey[Template(path)]
	}
	if len(ops) == 0 {
		return nil
	}
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = op.Method
	}
	return out
}

// ListFilters returns the query parameters the GET of a path takes — for a
// collection, what its listing can be filtered by — for a template as Paths
// spells it or a concrete path; nil when unknown.
func ListFilters(path string) []string {
	c := loadedCatalogue()
	ops, ok := c.byKey[path]
	if !ok {
		ops = c.byKey[Template(path)]
	}
	for _, op := range ops {
		if op.Method == "GET" {
			return append([]string(nil), op.Query...)
		}
	}
	return nil
}

// Operations returns every operation, sorted by path and method.
func Operations() []*Operation {
	return append([]*Operation(nil), loadedCatalogue().ops...)
}
