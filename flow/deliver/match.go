package deliver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// This file decides whether an object Clio lists is the one a POST in
// doubt may have created: every attribute the body sent, nested
// references included, compared with what Clio returns for it. Numbers
// stay their JSON literals (json.Number) from end to end, so an id past
// 2^53 is compared exactly.

// uncheckable is why a record in doubt cannot be looked up in Clio at all.
type uncheckable struct{ why string }

func (u *uncheckable) Error() string {
	return "cannot be checked in Clio (" + u.why + "): decide by hand"
}

// sentData is the "data" of a request body as it went out, numbers as
// their literals.
func sentData(body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var env struct {
		Data map[string]any `json:"data"`
	}
	if err := dec.Decode(&env); err != nil || env.Data == nil {
		return nil, &uncheckable{why: "the body sent is not Clio's {\"data\": {…}}"}
	}
	return env.Data, nil
}

// selection is the fields= that returns every attribute of data the
// operation documents, nested ones one level deep (matter{id}), and the
// names to compare. Attributes Clio does not document cannot be asked
// for (an unknown field is a 400) and are left out; an attribute nested
// deeper than fields= can select makes the record uncheckable.
func selection(op *clio.Operation, data map[string]any) (fields string, names []string, err error) {
	if op == nil || op.Data == nil {
		return "", nil, &uncheckable{why: "the endpoint is not in Clio's published API, so its objects cannot be read back"}
	}
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var sel []string
	for _, k := range keys {
		if op.Data.Prop(k) == nil {
			continue
		}
		sub, err := subFields(k, data[k])
		if err != nil {
			return "", nil, err
		}
		if len(sub) > 0 {
			sel = append(sel, k+"{"+strings.Join(sub, ",")+"}")
		} else {
			sel = append(sel, k)
		}
		names = append(names, k)
	}
	if len(names) == 0 {
		return "", nil, &uncheckable{why: "no attribute sent that Clio returns"}
	}
	return strings.Join(sel, ","), names, nil
}

// subFields are the names to select inside an object, or inside the
// objects of an array; nil for a plain value.
func subFields(name string, v any) ([]string, error) {
	var objs []map[string]any
	switch x := v.(type) {
	case map[string]any:
		objs = []map[string]any{x}
	case []any:
		for _, el := range x {
			switch e := el.(type) {
			case map[string]any:
				objs = append(objs, e)
			case []any:
				return nil, &uncheckable{why: name + " holds arrays in an array, deeper than fields= can select"}
			}
		}
	}
	var sub []string
	for _, o := range objs {
		for k, sv := range o {
			switch sv.(type) {
			case map[string]any, []any:
				return nil, &uncheckable{why: name + "." + k + " nests deeper than fields= can select"}
			}
			if !slices.Contains(sub, k) {
				sub = append(sub, k)
			}
		}
	}
	slices.Sort(sub)
	return sub, nil
}

// scope narrows a listing by the strongest filters the collection offers:
// each reference sent (matter.id → matter_id=…) and created_since.
func scope(filters []string, data map[string]any, since time.Time) url.Values {
	q := url.Values{}
	for k, v := range data {
		ref, ok := v.(map[string]any)
		if !ok || !slices.Contains(filters, k+"_id") {
			continue
		}
		if id, ok := ref["id"].(json.Number); ok {
			if _, err := strconv.ParseInt(id.String(), 10, 64); err == nil {
				q.Set(k+"_id", id.String())
			}
		}
	}
	if slices.Contains(filters, "created_since") {
		q.Set("created_since", since.UTC().Format(time.RFC3339))
	}
	return q
}

// objectOf decodes one listed object with its exact id.
func objectOf(raw json.RawMessage) (map[string]any, int64, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, 0, err
	}
	n, _ := obj["id"].(json.Number)
	id, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil || id <= 0 {
		return nil, 0, errors.New("an object without an integer id")
	}
	return obj, id, nil
}

// sameAs reports whether Clio's value got is what was sent: numbers by
// value (1.5 = 1.50, 3600 = 3.6e3), timestamps as instants, an empty text
// as no value, objects on the attributes sent, arrays element by element.
func sameAs(sent, got any) bool {
	switch s := sent.(type) {
	case nil:
		return got == nil || got == ""
	case string:
		g, ok := got.(string)
		if !ok {
			return s == "" && got == nil
		}
		return s == g || sameInstant(s, g)
	case json.Number:
		g, ok := got.(json.Number)
		return ok && sameNumber(s, g)
	case bool:
		g, ok := got.(bool)
		return ok && s == g
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range s {
			if !sameAs(v, g[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(s) {
			return false
		}
		for i := range s {
			if !sameAs(s[i], g[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// sameNumber compares two JSON number literals exactly.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	if len(a) > 64 || len(b) > 64 {
		return false // no exact value worth computing
	}
	x, ok1 := new(big.Rat).SetString(a.String())
	y, ok2 := new(big.Rat).SetString(b.String())
	return ok1 && ok2 && x.Cmp(y) == 0
}

func sameInstant(a, b string) bool {
	ta, err1 := time.Parse(time.RFC3339, a)
	tb, err2 := time.Parse(time.RFC3339, b)
	return err1 == nil && err2 == nil && ta.Equal(tb)
}

// idList names up to 10 ids, then how many more.
func idList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i == 10 {
			fmt.Fprintf(&b, " and %d more", len(ids)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}
