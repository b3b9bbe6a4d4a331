package clio

import (
	"fmt"
	"net/url"
	"strings"
)

// routeNode is one path segment of the catalogue's path templates. Literal
// segments are tried before parameters, so "/users/who_am_i.json" wins over
// "/users/{id}.json".
type routeNode struct {
	literal map[string]*routeNode
	params  []routeParam
	ops     map[string]*Operation // by upper-case method, on the template's last node
	path    string                // the template ending here
}

// routeParam is a "{name}" segment, optionally followed by a fixed suffix
// (".json" on the last segment).
type routeParam struct {
	name, suffix string
	next         *routeNode
}

func newRouteNode() *routeNode { return &routeNode{literal: map[string]*routeNode{}} }

func (n *routeNode) add(op *Operation) error {
	for _, seg := range strings.Split(strings.TrimPrefix(op.Path, "/"), "/") {
		n = n.child(seg)
		if n == nil {
			return fmt.Errorf("operation %s %s: bad path segment %q", op.Method, op.Path, seg)
		}
	}
	if n.ops == nil {
		n.ops = map[string]*Operation{}
	}
	n.ops[op.Method] = op
	n.path = op.Path
	return nil
}

// child returns (creating) the node for one template segment; nil when the
// segment is malformed.
func (n *routeNode) child(seg string) *routeNode {
	if !strings.HasPrefix(seg, "{") {
		if seg == "" || strings.ContainsAny(seg, "{}") {
			return nil
		}
		next := n.literal[seg]
		if next == nil {
			next = newRouteNode()
			n.literal[seg] = next
		}
		return next
	}
	end := strings.IndexByte(seg, '}')
	if end < 2 || strings.ContainsAny(seg[end+1:], "{}") {
		return nil
	}
	name, suffix := seg[1:end], seg[end+1:]
	for _, p := range n.params {
		if p.name == name && p.suffix == suffix {
			return p.next
		}
	}
	p := routeParam{name: name, suffix: suffix, next: newRouteNode()}
	n.params = append(n.params, p)
	return p.next
}

// match walks segs depth-first, literals first. accept decides whether a
// fully matched node is the answer (e.g. it has the wanted method); on
// success it returns the node and the parameter values in path order.
func (n *routeNode) match(segs []string, accept func(*routeNode) bool, vals []string) (*routeNode, []string) {
	if len(segs) == 0 {
		if n.ops != nil && accept(n) {
			return n, vals
		}
		return nil, nil
	}
	seg := segs[0]
	if next := n.literal[seg]; next != nil {
		if found, v := next.match(segs[1:], accept, vals); found != nil {
			return found, v
		}
	}
	for _, p := range n.params {
		if len(seg) > len(p.suffix) && strings.HasSuffix(seg, p.suffix) {
			v := append(vals, p.name, seg[:len(seg)-len(p.suffix)])
			if found, fv := p.next.match(segs[1:], accept, v); found != nil {
				return found, fv
			}
		}
	}
	return nil, nil
}

// Lookup finds the operation for method on path and the path's parameters.
// path may be relative to /api/v4 ("/tasks/123.json"), include it
// ("/api/v4/tasks/123.json"), be a full URL, carry a query, or hold template
// macros ("/tasks/{record.task_id}.json": a "{...}" segment fills a
// parameter). Literal segments win over parameters. ok is false when no
// catalogued path matches or the path has no such method. The Operation is
// shared: do not modify it.
func Lookup(method, path string) (*Operation, map[string]string, bool) {
	segs, ok := pathSegments(path)
	if !ok {
		return nil, nil, false
	}
	method = strings.ToUpper(strings.TrimSpace(method))
	node, vals := loadedCatalogue().root.match(segs, func(n *routeNode) bool { return n.ops[method] != nil }, nil)
	if node == nil {
		return nil, nil, false
	}
	params := make(map[string]string, len(vals)/2)
	for i := 0; i+1 < len(vals); i += 2 {
		params[vals[i]] = vals[i+1]
	}
	return node.ops[method], params, true
}

// Template returns the catalogue's path template that path matches for any
// method ("/tasks/123.json" → "/tasks/{id}.json"), or "" when none does.
func Template(path string) string {
	segs, ok := pathSegments(path)
	if !ok {
		return ""
	}
	node, _ := loadedCatalogue().root.match(segs, func(*routeNode) bool { return true }, nil)
	if node == nil {
		return ""
	}
	return node.path
}

// Summary returns the spec's summary of method on path (anything Lookup
// accepts), or "" when the catalogue does not list it.
func Summary(method, path string) string {
	if op, _, ok := Lookup(method, path); ok {
		return op.Summary
	}
	return ""
}

// pathSegments reduces anything Lookup accepts to the segments after
// /api/v4. Separators inside "{...}" macros do not count.
func pathSegments(raw string) ([]string, bool) {
	s := strings.TrimSpace(raw)
	if i := strings.Index(s, "://"); i >= 0 && !strings.Contains(s[:i], "{") {
		s = s[i+3:]
		i := indexOutsideBraces(s, "/")
		if i < 0 {
			return nil, false
		}
		s = s[i:]
	}
	if i := indexOutsideBraces(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	if rest, ok := strings.CutPrefix(s, "/api/v4/"); ok {
		s = "/" + rest
	}
	s = s[1:]
	var segs []string
	for s != "" || len(segs) == 0 {
		i := indexOutsideBraces(s, "/")
		seg := s
		if i >= 0 {
			seg, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if seg == "" {
			return nil, false
		}
		if strings.Contains(seg, "%") {
			if u, err := url.PathUnescape(seg); err == nil {
				seg = u
			}
		}
		segs = append(segs, seg)
		if i >= 0 && s == "" {
			return nil, false // trailing slash: no catalogued path ends with one
		}
	}
	return segs, true
}

// indexOutsideBraces is strings.IndexAny that skips "{...}" macros.
func indexOutsideBraces(s, chars string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case depth == 0 && strings.IndexByte(chars, c) >= 0:
			return i
		}
	}
	return -1
}
