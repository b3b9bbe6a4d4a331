package nexset

import "strings"

// Get looks up a dotted path ("matter.id") in a record's fields. A key that
// itself contains dots ("a.b" as one name) is found too.
func Get(fields map[string]any, path string) (any, bool) {
	if v, ok := fields[path]; ok {
		return v, true
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		if sub, ok := fields[path[:i]].(map[string]any); ok {
			if v, ok := Get(sub, path[i+1:]); ok {
				return v, true
			}
		}
	}
	return nil, false
}

// Set stores v at a dotted path, creating nested objects on the way and
// replacing any non-object that stands where an object must go.
func Set(fields map[string]any, path string, v any) {
	setPath(fields, strings.Split(path, "."), v)
}

func setPath(m map[string]any, segs []string, v any) {
	for _, seg := range segs[:len(segs)-1] {
		sub, ok := m[seg].(map[string]any)
		if !ok {
			sub = make(map[string]any, 1)
			m[seg] = sub
		}
		m = sub
	}
	m[segs[len(segs)-1]] = v
}

// Delete removes the attribute at a dotted path and reports whether it was
// there. Objects left empty by the removal go too, so that excluding
// "matter.id" does not send "matter": {}.
func Delete(fields map[string]any, path string) bool {
	if _, ok := fields[path]; ok {
		delete(fields, path)
		return true
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		sub, ok := fields[path[:i]].(map[string]any)
		if ok && Delete(sub, path[i+1:]) {
			if len(sub) == 0 {
				delete(fields, path[:i])
			}
			return true
		}
	}
	return false
}
