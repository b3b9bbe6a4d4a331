package home

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A YAML file that is no destination is remembered with its modification
// time and not read again each refresh; rewritten as a destination (a new
// modification time), it is listed.
func TestFolderChangesRemembersOtherYAML(t *testing.T) {
	dir := folder(t)
	notes := filepath.Join(dir, "notes.yaml")
	rows, err := scan(dir)
	must(t, err)
	var jobs []refreshJob
	for i, r := range rows {
		jobs = append(jobs, refreshJob{i, r})
	}
	added, gone, others := folderChanges(dir, jobs, nil)
	if len(added) != 0 || len(gone) != 0 {
		t.Fatalf("nothing changed: added %d, gone %v", len(added), gone)
	}
	fi, err := os.Stat(notes)
	must(t, err)
	if got, ok := others[notes]; !ok || !got.Equal(fi.ModTime()) {
		t.Fatalf("others = %v, want notes.yaml at %v", others, fi.ModTime())
	}
	copySample(t, dir, "firm-tasks.yaml", "notes.yaml", nil)
	must(t, os.Chtimes(notes, time.Time{}, fi.ModTime().Add(time.Second)))
	added, _, others = folderChanges(dir, jobs, others)
	if len(added) != 1 || added[0].path != notes {
		t.Fatalf("notes.yaml rewritten as a destination: added %v", added)
	}
	if _, ok := others[notes]; ok {
		t.Errorf("a destination stays among the others: %v", others)
	}
}
