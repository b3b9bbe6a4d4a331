package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunWritesCatalogue(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "openapi.json")
	out := filepath.Join(dir, "catalogue.json")
	if err := os.WriteFile(spec, []byte(`{"paths":{"/a.json":{"get":{"summary":"List As"}}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(spec, out); err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"operations\":[\n{\"method\":\"GET\",\"path\":\"/a.json\",\"summary\":\"List As\"}\n]}\n"
	if string(got) != want {
		t.Errorf("catalogue = %q, want %q", got, want)
	}
}

func TestRunErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"paths":`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, spec, want string }{
		{"missing spec", filepath.Join(dir, "none.json"), "read spec"},
		{"broken spec", bad, bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(tt.spec, filepath.Join(dir, "out.json"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run error = %v, want one containing %q", err, tt.want)
			}
			if _, statErr := os.Stat(filepath.Join(dir, "out.json")); statErr == nil {
				t.Error("a failed run wrote the output file")
			}
		})
	}
}
