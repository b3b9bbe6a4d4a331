package accessible

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// nexsetStep picks the records to send and shows what they hold.
func (j *journey) nexsetStep(ctx context.Context) error {
	dir := j.o.StartDir
	if dir == "" {
		dir = "."
	}
	files := nexsetFiles(dir)
	if len(files) > 0 {
		j.p.say("Nexset files in %s:", dir)
		for i, f := range files {
			j.p.say("  %d. %s", i+1, f)
		}
	}
	def := j.o.StartNexset
	if j.edit {
		def = j.d.NexsetPath()
	}
	for {
		a, err := j.p.ask("Nexset: a number from the list or a file path (JSON Lines, JSON, CSV or Excel)", def)
		if err != nil {
			return err
		}
		if a == "" {
			j.p.say("  Not accepted: give the file that holds the records")
			continue
		}
		path := a
		if n, err := strconv.Atoi(a); err == nil && n >= 1 && n <= len(files) {
			path = filepath.Join(dir, files[n-1])
		} else if !filepath.IsAbs(path) && !j.edit {
			if _, err := os.Stat(path); err != nil {
				if _, err2 := os.Stat(filepath.Join(dir, path)); err2 == nil {
					path = filepath.Join(dir, path)
				}
			}
		}
		if err := j.readWithEncoding(ctx, path); err != nil {
			if errors.Is(err, errBack) || errors.Is(err, ErrAborted) {
				return err
			}
			j.p.say("  Not accepted: %v", err)
			continue
		}
		break
	}
	if err := j.readingQuestions(ctx); err != nil {
		return err
	}
	if err := j.keyQuestion(); err != nil {
		return err
	}
	return j.timezoneQuestion()
}

// readWithEncoding reads the Nexset; when it is not UTF-8 (refused, or a
// record among the first), reading it as another encoding is asked.
func (j *journey) readWithEncoding(ctx context.Context, path string) error {
	err := j.readNexset(ctx, path)
	if err == nil && !j.notUTF8 || err != nil && !strings.Contains(err.Error(), "--encoding") {
		return err
	}
	if err != nil {
		j.p.say("  Not accepted: %v", err)
	}
	if err := j.encodingQuestion(); err != nil {
		return err
	}
	return j.readNexset(ctx, path)
}

// readNexset loads the first records and the schema, and reports them.
func (j *journey) readNexset(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	opts := j.d.NexsetOptions()
	recs, schema, err := nexset.Head(ctx, abs, opts, sampleRecords)
	if err != nil && len(recs) == 0 {
		if errors.Is(err, nexset.ErrNoRecords) {
			return fmt.Errorf("%s holds no records", path)
		}
		return err
	}
	j.notUTF8 = err != nil && strings.Contains(err.Error(), "--encoding")
	if err != nil { // some records were read: report the bad one, go on
		j.p.say("  Warning: %v", err)
	}
	count, cerr := nexset.Count(ctx, abs, opts)
	j.recs, j.schema = recs, schema
	j.d.Nexset.Path = abs
	if cerr != nil {
		j.p.say("%s: at least %d records (counting stopped: %v).", path, len(recs), cerr)
		j.count = len(recs)
	} else {
		j.p.say("%s: %d records.", path, count)
		j.count = count
	}
	j.p.say("Attributes (from the first %d records):", schema.Records)
	for _, a := range schema.Attrs {
		ex := ""
		if len(a.Examples) > 0 {
			ex = ", e.g. " + strings.Join(a.Examples, "; ")
		}
		j.p.say("  %s: %s%s", a.Path, strings.Join(a.Types, " or "), ex)
	}
	return nil
}

// keyQuestion asks which attribute identifies a record, for the ledger.
func (j *journey) keyQuestion() error {
	def := j.d.Nexset.Key
	if sk := flow.SuggestKey(j.recs, j.schema); def == "" && !j.edit && sk != "" {
		j.p.say("Suggested key: %s, unique in every record read (%s).", sk, flow.KeyWhy)
		def = sk
	}
	q := "Attribute that identifies a record (empty: content hash and position; - for none)"
	if def != "" {
		q = "Attribute that identifies a record (- for none: content hash and position)"
	}
	_, err := j.p.askValid(q, def,
		func(a string) error {
			if a == "-" {
				a = ""
			}
			if a != "" && !j.hasAttr(a) {
				return fmt.Errorf("%q is not an attribute of the Nexset", a)
			}
			j.d.Nexset.Key = a
			return nil
		})
	return err
}

func (j *journey) hasAttr(path string) bool {
	for _, a := range j.schema.Attrs {
		if a.Path == path {
			return true
		}
	}
	return false
}

// nexsetFiles lists the files of dir that look like Nexsets.
func nexsetFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if slices.Contains(nexset.FileExts, strings.ToLower(filepath.Ext(e.Name()))) &&
			flow.WrittenByCliodest(filepath.Join(dir, e.Name())) == "" { // not a response file or log of ours
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}
