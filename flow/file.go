package flow

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cliodest/cliodest/internal/realpath"
)

// Load reads a destination file. Every problem found (unknown key, wrong
// type, missing update ID, bad URL or header, batch size out of range,
// batching on a template, unknown template or conversion, …) is reported at
// once in a *LoadError with the line of each. Warnings do not fail Load; call
// Validate for them.
func Load(path string) (*Destination, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no destination file at %s: check the path, or create one with cliodest new", path)
		}
		return nil, fmt.Errorf("reading destination file: %w", err)
	}
	d, err := Parse(data, path)
	if d != nil {
		d.Dir = filepath.Dir(realpath.Of(path))
	}
	return d, err
}

// Parse is Load for bytes already read; name is used in messages. On a
// *LoadError the partly decoded destination is returned too (nil when the
// YAML itself cannot be read), so an editor can still show it.
func Parse(data []byte, name string) (*Destination, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &LoadError{File: name, Problems: Problems{yamlProblem(err, data)}}
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, &LoadError{File: name, Problems: Problems{{Message: "empty file: a destination starts with version: 1"}}}
	}
	if root.Content[0].Kind != yaml.MappingNode {
		return nil, &LoadError{File: name, Problems: Problems{{Line: root.Content[0].Line, Message: "a destination file is a YAML mapping (version: 1, name: …)"}}}
	}
	d := &Destination{}
	var ps Problems
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(d); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, &LoadError{File: name, Problems: Problems{yamlProblem(err, data)}}
		}
		for _, e := range te.Errors {
			ps = append(ps, typeProblem(e, root.Content[0]))
		}
	}
	if len(d.Mapping) == 0 {
		d.Mapping = nil // "mapping: []" and no mapping are the same
	}
	if len(d.Exclude) == 0 {
		d.Exclude = nil
	}
	lines := fieldLines(root.Content[0])
	if n := nodeAt(root.Content[0], "batching", "size"); n != nil && n.Kind == yaml.ScalarNode {
		// yaml reads 0.5 into an int as 0, and 0 would mean "the default".
		if n.ShortTag() != "!!int" || d.Batching.Size == 0 {
			ps = append(ps, Problem{Line: n.Line, Field: "batching.size", Message: fmt.Sprintf("%s records per call: give a whole number from 1 to %d", n.Value, MaxBatchSize)})
		}
	}
	for _, p := range checkConfig(d) {
		if p.Warning {
			continue
		}
		p.Line = lineOf(lines, p.Field)
		ps = append(ps, p)
	}
	if len(ps) > 0 {
		// In the file's order, so a reader fixes them from the top down.
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return d, &LoadError{File: name, Problems: ps}
	}
	return d, nil
}

var yamlLineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

var (
	unknownFieldRe = regexp.MustCompile(`^field (\S+) not found in type flow\.(\w+)$`)
	unmarshalRe    = regexp.MustCompile("^cannot unmarshal !!(\\w+) `?(.*?)`? into (\\S+)$")
)

// typeProblem rewrites one of yaml's type errors in the user's words and
// names the field at fault, which yaml's message leaves out.
func typeProblem(e string, root *yaml.Node) Problem {
	p := Problem{Message: e}
	if m := yamlLineRe.FindStringSubmatch(e); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Message = m[2]
	}
	if m := unknownFieldRe.FindStringSubmatch(p.Message); m != nil {
		section := map[string]string{"Destination": "", "NexsetRef": " in nexset", "Endpoint": " in endpoint",
			"Batching": " in batching", "WebhookCfg": " in response_webhook", "Mapping": " in a mapping entry", "CustomFieldMapping": " in a custom_fields entry"}[m[2]]
		p.Message = fmt.Sprintf("unknown field %q%s", m[1], section)
	} else if m := unmarshalRe.FindStringSubmatch(p.Message); m != nil {
		want := map[string]string{"int": "a whole number", "bool": "true or false", "string": "text", "[]string": "a list",
			"[]flow.Mapping": "a list of {target, source|value, convert}", "[]flow.CustomFieldMapping": "a list of {name, source|value, convert}", "flow.Status": "paused or active", "*bool": "true or false",
			"nexset.Format": "jsonl, json, csv or xlsx"}[m[3]]
		if want == "" {
			want = "a " + strings.TrimPrefix(m[3], "flow.") + " section"
		}
		got := map[string]string{"str": "text", "int": "a number", "float": "a number", "bool": "a boolean", "seq": "a list", "map": "a mapping", "null": "null"}[m[1]]
		if m[2] != "" && m[1] != "seq" && m[1] != "map" {
			got += " " + strconv.Quote(m[2])
		}
		p.Message = fmt.Sprintf("wrong type: %s where %s is expected", got, want)
		p.Field = fieldAt(root, p.Line, m[2])
	}
	return p
}

// fieldAt names the field whose value stands on line: the only one there, or
// among several (a flow mapping such as {size: many, grouping: x}) the one
// whose value reads value. "" when it cannot tell.
func fieldAt(root *yaml.Node, line int, value string) string {
	var only, byValue string
	n := 0
	var walk func(n *yaml.Node, prefix string)
	walk = func(node *yaml.Node, prefix string) {
		switch node.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(node.Content); i += 2 {
				k, v := joinPath(prefix, node.Content[i].Value), node.Content[i+1]
				if v.Line == line {
					n++
					only = k
					if v.Kind == yaml.ScalarNode && v.Value == value {
						byValue = k
					}
				}
				walk(v, k)
			}
		case yaml.SequenceNode:
			for i, c := range node.Content {
				walk(c, fmt.Sprintf("%s[%d]", prefix, i+1))
			}
		}
	}
	walk(root, "")
	switch {
	case byValue != "":
		return byValue
	case n == 1:
		return only
	}
	return ""
}

// nodeAt is the value node at a path of keys, or nil.
func nodeAt(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// fieldLines maps dotted field names (mapping[1].target: 1-based entries) to lines.
func fieldLines(n *yaml.Node) map[string]int {
	out := map[string]int{}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := joinPath(prefix, n.Content[i].Value)
				out[k] = n.Content[i].Line
				walk(n.Content[i+1], k)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				k := fmt.Sprintf("%s[%d]", prefix, i+1)
				out[k] = c.Line
				walk(c, k)
			}
		}
	}
	walk(n, "")
	return out
}

// lineOf finds a field's line, else its nearest written parent's.
func lineOf(lines map[string]int, field string) int {
	for f := field; f != ""; {
		if l, ok := lines[f]; ok {
			return l
		}
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return 0
}

// fileHeader points to the help topic, which every installed binary has
// (docs/destination-file.md is not installed).
const fileHeader = "# cliodest destination file, version 1 — every field is described by: cliodest help destination-file\n"

// Marshal writes the destination as YAML.
func Marshal(d *Destination) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(fileHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encoding destination %q: %w", d.Name, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding destination %q: %w", d.Name, err)
	}
	return buf.Bytes(), nil
}

// Save writes the destination atomically (temporary file + rename) with mode
// 0600, at its real path (a symbolic link stays a link). It refuses a destination with problems, so a saved file always loads.
func Save(path string, d *Destination) error {
	if ps := checkConfig(d).Errors(); len(ps) > 0 {
		return &LoadError{File: path, Problems: ps}
	}
	data, err := Marshal(d)
	if err != nil {
		return err
	}
	path = realpath.Of(path)
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("saving destination: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("saving destination: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("saving destination %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("saving destination %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving destination %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving destination %s: %w", path, err)
	}
	if abs, err := filepath.Abs(dir); err == nil {
		d.Dir = abs
	}
	return nil
}
