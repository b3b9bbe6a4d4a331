package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// newOptions are the flags of `new`, one per wizard choice.
type newOptions struct {
	noInput, force, suggest, raw, batching, batchingAnyway, keepStrings, literalHeaders, passthrough bool
	out, name, nexset, format, key, credential                                                       string
	template, id, method, url, contentFormat, headers, apiVersion                                    string
	from                                                                                             string
	timezone, delimiter, encoding, decimal, currency, recordsPath, sheet                             string
	maps, sets, exclude, customFields, customSets                                                    []string
	batchSize, headerRow                                                                             int
	grouping, groupBy, window, webhookURL, webhookFile                                               string
	findBy, onExists                                                                                 string
	// What the command line said beyond the values: --passthrough given,
	// --base-url given (a saved destination keeps it), and flags --from
	// does not take.
	passthroughSet, pinBaseURL, beyondFrom bool
}

// fieldFlags names the flag behind each destination field, for messages.
var fieldFlags = map[string]string{
	"name": "--name", "nexset.path": "--nexset", "nexset.format": "--format", "nexset.key": "--key",
	"nexset.delimiter": "--delimiter", "nexset.encoding": "--encoding",
	"nexset.decimal": "--decimal", "nexset.records_path": "--records-path",
	"nexset.sheet": "--sheet", "nexset.header_row": "--header-row", "currency": "--currency",
	"credential": "--credential", "base_url": "--base-url", "endpoint": "--template or --method/--url",
	"endpoint.template": "--template", "endpoint.id": "--id", "endpoint.method": "--method", "endpoint.url": "--url",
	"endpoint.content_format": "--content-format", "endpoint.headers": "--headers", "endpoint.wrap": "--raw",
	"api_version": "--api-version", "timezone": "--timezone", "batching.enabled": "--batching", "batching.anyway": "--batching", "batching.size": "--batch-size",
	"batching.grouping": "--grouping", "batching.group_by": "--group-by", "batching.window": "--window",
	"response_webhook": "--response-webhook/--response-file", "response_webhook.url": "--response-webhook",
	"response_webhook.file": "--response-file", "find_by": "--find-by", "find_by.source": "--find-by",
	"find_by.lookup": "--find-by", "on_exists": "--on-exists",
}

func flagOf(field string) string {
	if fl, ok := fieldFlags[field]; ok {
		return fl
	}
	if strings.HasPrefix(field, "mapping") {
		return "--map/--set"
	}
	if strings.HasPrefix(field, "custom_fields") {
		return "--custom-field/--custom-field-set"
	}
	if strings.HasPrefix(field, "exclude") {
		return "--exclude"
	}
	return field
}

// newNewCmd parses new's flags into newOptions and hands them to runNew
// (or a test's run function).
func newNewCmd(f *Factory, run ...runFunc[newOptions]) *cobra.Command {
	o := &newOptions{}
	runF := pickRun(func(ctx context.Context, o *newOptions) error {
		if o.from != "" {
			return runNewFrom(f, o)
		}
		return runNew(ctx, f, o)
	}, run)
	c := &cobra.Command{
		Use:   "new -o FILE",
		Short: "Create a destination file (from flags with --no-input)",
		Long: `New creates a Clio destination file. On a terminal, new alone opens the
wizard, whose answers are the choices; with --no-input every choice comes
from flags, so scripts can do the same.

The endpoint is a template (--template) or an Advanced endpoint (--method,
--url, --content-format, --headers, --raw). An absolute --url must be on the
host requests go to (--base-url, or the credential's host). Headers are written
"Name:value,Name2:value2"; a comma inside a value is "\,", a backslash "\\".
A value may be an environment variable, ${NAME}, read only when sending
(test, activate): --headers 'X-Api-Key:${FIRM_API_KEY}'. A header whose name
looks secret (key, token, secret, auth, password, signature, cookie, …) must
use one: a secret is never written in the destination file.

Mapping: --map target=source[:conversion] takes a Nexset attribute,
--set target=value a constant; --suggest fills the rest by name. Conversions:
` + strings.Join(flow.Conversions(), ", ") + `.
date and datetime take an input layout, read strictly:
--map date=work_date:date:DD/MM/YYYY (tokens DD MM YYYY YY hh mm ss); without
one, an ambiguous date such as 03/04/2024 is read month first, with a warning.
values:FROM=TO,… maps each value the Nexset writes to Clio's, and fails a
record whose value it does not list: --map 'non_billable=Billable?:values:Y=false,N=true'
(boolean:not does the same for yes/no). --suggest inverts a boolean whose name
says the opposite of its target (Billable? → non_billable) with boolean:not.
lookup:COLLECTION.FIELD finds the Clio ID of a firm's own reference, exactly,
into an ID target: --map matter.id=matter_number:lookup:matters.display_number,
--map user.id=lawyer_email:lookup:users.email (supported: ` + strings.Join(flow.SupportedLookups(), ", ") + `).

Custom fields (contacts and matters) are named as the firm sees them in Clio:
--custom-field 'Referral Source=referral_source' takes a Nexset attribute,
--custom-field-set 'Case Type=Family' a constant. Each name is looked up,
ignoring case, among the firm's custom fields of the endpoint's parent type
(Contact or Matter) when records are sent, and the value is checked against
the field's type: a picklist takes an option's name, a date YYYY-MM-DD (or
--custom-field 'First Contact=first_seen:date:MM/DD/YYYY'), a checkbox
true/false, yes/no.

The new destination is paused: nothing is sent until it is activated.`,
		Example: `  cliodest new --no-input -o time.yaml --name "Time entries" \
    --nexset time-entries.csv --key entry_id --credential firm \
    --template create_activity --set type=TimeEntry \
    --map date=work_date:date:MM/DD/YYYY --map quantity=hours:hours_to_seconds \
    --map matter.id=matter_id:integer --exclude internal_notes

  cliodest new --no-input -o updates.yaml --name "Task updates" \
    --nexset task-updates.jsonl --credential firm \
    --template update_task --id '{record.task_id}'

  cliodest new --from time.yaml -o time-2025.yaml --name "Time entries 2025"`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fl, allowed := c.Flags(), 0
			for _, name := range []string{"from", "output", "name", "force", "no-input", "base-url", "accessible"} {
				if fl.Changed(name) {
					allowed++
				}
			}
			o.beyondFrom = fl.NFlag() > allowed
			o.passthroughSet, o.pinBaseURL = fl.Changed("passthrough"), baseURLFlagged(c)
			if o.from == "" && !o.noInput {
				return newInWizard(c, f)
			}
			return runF(c.Context(), o)
		},
	}
	fl := c.Flags()
	fl.BoolVar(&o.noInput, "no-input", false, "take every choice from flags; never prompt")
	fl.StringVar(&o.from, "from", "", "copy this destination file as a new destination: a new id and its own ledger, paused (only -o, --name and --force apply)")
	fl.StringVarP(&o.out, "output", "o", "", "destination file to write (required)")
	fl.BoolVar(&o.force, "force", false, "overwrite the destination file if it exists")
	fl.StringVar(&o.name, "name", "", "destination name (default: the file's name)")
	fl.StringVar(&o.nexset, "nexset", "", "the Nexset: a JSON Lines, JSON, delimited text or Excel (.xlsx) file (required)")
	fl.StringVar(&o.format, "format", "", "Nexset format: jsonl, json, csv or xlsx (default: detect)")
	fl.BoolVar(&o.keepStrings, "keep-strings", false, "CSV: keep every value as text (no type inference)")
	fl.BoolVar(&o.literalHeaders, "literal-headers", false, "CSV: take every header as one name (a dot in matter.id does not nest)")
	fl.StringVar(&o.delimiter, "delimiter", "", "delimited text: comma, semicolon, tab or pipe (default: detect; .tsv is tab)")
	fl.StringVar(&o.encoding, "encoding", "", "text encoding: utf-8, windows-1252, latin-1, utf-16le or utf-16be (default: UTF-8, or UTF-16 by its byte order mark)")
	fl.StringVar(&o.decimal, "decimal", "", "decimal mark of numbers written as text: comma or point (default: read what is unambiguous, warn about 1,250)")
	fl.StringVar(&o.currency, "currency", "", "the firm's currency ("+strings.Join(flow.Currencies, ", ")+"): money refuses amounts marked with another")
	fl.StringVar(&o.recordsPath, "records-path", "", "JSON document that is an object: the dot path of its records array, e.g. data (default: the only one)")
	fl.StringVar(&o.sheet, "sheet", "", "workbook: the sheet to read (default: the first visible one)")
	fl.IntVar(&o.headerRow, "header-row", 0, "the row naming the columns, from 1; lines above it are skipped (default: a workbook's first row that looks like a header, a text file's first line)")
	fl.StringVar(&o.key, "key", "", "Nexset attribute that identifies a record (default: content hash and position)")
	fl.StringVar(&o.credential, "credential", "", "name of the saved Clio credential (cliodest login)")
	fl.StringVar(&o.template, "template", "", "template: "+strings.Join(flow.TemplateNames(), ", "))
	fl.StringVar(&o.id, "id", "", "update templates: ID of the object, 12345 or {record.ATTRIBUTE}")
	fl.StringVar(&o.method, "method", "", "Advanced endpoint: "+strings.Join(flow.AdvancedMethods, ", "))
	fl.StringVar(&o.url, "url", "", "Advanced endpoint: Clio v4 path such as /api/v4/notes.json, with {record.ATTRIBUTE} macros")
	fl.StringVar(&o.contentFormat, "content-format", "", "Advanced endpoint: json (default) or form")
	fl.StringVar(&o.headers, "headers", "", `Advanced endpoint: extra headers "Name:value,Name2:value2"; secrets as ${ENV_VAR}`)
	fl.BoolVar(&o.raw, "raw", false, `Advanced endpoint: send the body without the {"data": …} wrapper`)
	fl.StringVar(&o.apiVersion, "api-version", clio.DefaultAPIVersion, "X-API-VERSION to pin")
	fl.StringVar(&o.timezone, "timezone", "", "the firm's IANA time zone, e.g. America/Vancouver: dates and times without an offset are read in it (default: UTC, with a warning)")
	fl.StringArrayVar(&o.maps, "map", nil, "target=source or target=source:conversion (repeatable)")
	fl.StringArrayVar(&o.sets, "set", nil, "target=value: a constant (repeatable)")
	fl.StringArrayVar(&o.customFields, "custom-field", nil, "'NAME=SOURCE[:conversion]': fill the firm's custom field NAME (contacts, matters) from a Nexset attribute (repeatable)")
	fl.StringArrayVar(&o.customSets, "custom-field-set", nil, "'NAME=value': fill the firm's custom field NAME with a constant (repeatable)")
	fl.BoolVar(&o.suggest, "suggest", false, "fill unmapped attributes with suggestions from the Nexset's names")
	fl.BoolVar(&o.passthrough, "passthrough", true, "also send unmapped record attributes (templates: only those Clio knows)")
	fl.StringSliceVar(&o.exclude, "exclude", nil, "record attributes never sent, comma-separated (matter excludes matter.id)")
	fl.BoolVar(&o.batching, "batching", false, "send several records per call (Advanced endpoints that accept arrays)")
	fl.BoolVar(&o.batchingAnyway, "batching-anyway", false, "batch even where Clio's description says one object per call: for a Clio-compatible proxy that accepts arrays")
	fl.IntVar(&o.batchSize, "batch-size", flow.DefaultBatchSize, "records per call, 1–1000")
	fl.StringVar(&o.grouping, "grouping", flow.GroupInOrder, "grouping algorithm: "+strings.Join(flow.Groupings(), ", "))
	fl.StringVar(&o.groupBy, "group-by", "", "by_attribute: attribute whose records travel together, e.g. matter.id")
	fl.StringVar(&o.window, "window", "", "time_window: how long to gather records, e.g. 2s")
	fl.StringVar(&o.findBy, "find-by", "", "create endpoints: find an object already in Clio before creating, SOURCE:lookup:COLLECTION.FIELD, e.g. email:lookup:contacts.email")
	fl.StringVar(&o.onExists, "on-exists", "", "with --find-by, for a record whose object is already in Clio: "+flow.OnExistsChoices+" (default update)")
	fl.StringVar(&o.webhookURL, "response-webhook", "", "URL that receives Clio's response to every call")
	fl.StringVar(&o.webhookFile, "response-file", "", "JSON Lines file that receives Clio's response to every call")
	return c
}

// runNew writes a destination file from the flags (--no-input).
func runNew(ctx context.Context, f *Factory, o *newOptions) error {
	if o.out == "" {
		return usageErrorf("-o FILE is required: where to write the destination")
	}
	if o.nexset == "" {
		return usageErrorf("--nexset is required: the records to send")
	}
	if err := checkOutput(o); err != nil {
		return err
	}
	if _, err := nexset.ParseDelimiter(o.delimiter); err != nil {
		return usageErrorf("--delimiter: %v", err)
	}
	if _, err := nexset.ParseEncoding(o.encoding); err != nil {
		return usageErrorf("--encoding: %v", err)
	}
	d, err := destinationFromFlags(f, o)
	if err != nil {
		return err
	}
	var recs []nexset.Record
	var ps flow.Problems // the records that could not be read, then the samples' problems
	if o.nexset != "-" {
		var schema nexset.Schema
		recs, schema, err = nexset.Head(ctx, o.nexset, d.NexsetOptions(), 50)
		if err != nil && len(recs) == 0 && !errors.Is(err, nexset.ErrNoRecords) {
			return usageErrorf("--nexset %s: %w", o.nexset, err)
		}
		if errors.Is(err, nexset.ErrNoRecords) {
			fmt.Fprintf(f.ErrOut, "warning: --nexset %s has no records%s\n", o.nexset, noRecordsIn(schema.Layout, "--sheet NAME"))
		} else if err != nil {
			for _, e := range unjoin(err) {
				ps = append(ps, flow.Problem{Field: "nexset", Message: e.Error()})
			}
		}
		if !schema.Layout.Plain() {
			fmt.Fprintf(f.ErrOut, "read %s as %s\n", o.nexset, schema.Layout)
		}
		for _, note := range schema.Notes {
			fmt.Fprintf(f.ErrOut, "note: %s (--literal-headers takes every header as written)\n", note)
		}
		if o.suggest {
			addSuggestions(d, schema)
		}
	} else if o.suggest {
		return usageErrorf("--suggest reads the Nexset's names, which standard input cannot offer")
	}
	if ps := hostProblems(f, d, nil); len(ps) > 0 {
		for _, p := range ps {
			fmt.Fprintf(f.ErrOut, "%s: %s\n", flagOf(p.Field), p.Message)
		}
		return usageErrorf("%d problem(s) in the flags; nothing was written", len(ps))
	}
	if err := flow.Save(o.out, d); err != nil {
		var le *flow.LoadError
		if errors.As(err, &le) {
			for _, p := range le.Problems {
				fmt.Fprintf(f.ErrOut, "%s: %s\n", flagOf(p.Field), p.Message)
			}
			return usageErrorf("%d problem(s) in the flags; nothing was written", len(le.Problems))
		}
		return err
	}
	fmt.Fprintf(f.Out, "Wrote %s (paused): %s\n", o.out, describeEndpoint(d))
	for _, m := range d.Mapping {
		fmt.Fprintf(f.Out, "  map %s\n", m)
	}
	for _, cf := range d.CustomFields {
		fmt.Fprintf(f.Out, "  %s\n", cf)
	}
	if d.Nexset.Key != "" && len(recs) > 0 {
		if k := flow.CheckKey(recs, d.Nexset.Key); k.OK() {
			fmt.Fprintf(f.Out, "  key %s\n", k)
		} else {
			fmt.Fprintf(f.ErrOut, "warning: --key %s\n", k)
		}
	}
	if ps = append(ps, flow.Validate(d, recs[:min(len(recs), 10)])...); len(ps) > 0 {
		printProblems(f.ErrOut, o.out, d.Nexset.Path, ps)
		if errs := ps.Errors(); len(errs) > 0 {
			fmt.Fprintf(f.ErrOut, "Fix these, then run: cliodest validate %s\n", o.out)
			if o.suggest {
				// A script must not take a suggested file that Clio would refuse for a finished one.
				return &ExitError{Code: exitFailed, Err: fmt.Errorf("%s is written (paused), but its samples have %d problem(s): finish it with cliodest edit %s", o.out, len(errs), o.out)}
			}
		}
	}
	return nil
}

// newInWizard is new without --no-input: the wizard, on a terminal (or in
// accessible mode), where the answers are the choices, so it takes none of
// new's flags rather than ignoring them.
func newInWizard(c *cobra.Command, f *Factory) error {
	if !canPrompt(f) && !accessibleOn(f) {
		return usageErrorf("new without --no-input opens the wizard, which needs a terminal (stdin and stdout): pass --no-input and give every choice as a flag (see cliodest new --help)")
	}
	var given []string
	own := c.LocalNonPersistentFlags() // not --base-url, --accessible, …
	c.Flags().Visit(func(fl *pflag.Flag) {
		if own.Lookup(fl.Name) == nil {
			return
		}
		name := "--" + fl.Name
		if fl.Shorthand != "" {
			name = "-" + fl.Shorthand
		}
		given = append(given, name)
	})
	if len(given) > 0 {
		return usageErrorf("the wizard takes its choices as answers, not flags (%s): run cliodest new alone, or add --no-input to take every choice from the flags", strings.Join(given, ", "))
	}
	return openWizardIn(c.Context(), f, baseURLFlagged(c), "", "", false)
}

// checkOutput refuses to overwrite -o's file without --force.
func checkOutput(o *newOptions) error {
	if o.force {
		return nil
	}
	if _, err := os.Stat(o.out); err == nil {
		return usageErrorf("%s exists: pass --force to overwrite it", o.out)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("checking %s: %w", o.out, err)
	}
	return nil
}

func describeEndpoint(d *flow.Destination) string {
	if d.IsTemplate() {
		t, _ := flow.LookupTemplate(d.Endpoint.Template)
		if d.Endpoint.ID != "" {
			return t.Title + " " + d.Endpoint.ID
		}
		return t.Title
	}
	return d.Endpoint.Method + " " + d.Endpoint.URL
}

func destinationFromFlags(f *Factory, o *newOptions) (*flow.Destination, error) {
	name := o.name
	if name == "" {
		name = flow.NameFromPath(o.out)
	}
	d := flow.New(name)
	d.Credential = o.credential
	d.APIVersion = o.apiVersion
	d.Timezone = o.timezone
	d.Nexset = flow.NexsetRef{Path: o.nexset, Format: nexset.Format(o.format), Key: o.key, KeepStrings: o.keepStrings, LiteralHeaders: o.literalHeaders,
		Delimiter: o.delimiter, Encoding: o.encoding, Decimal: o.decimal,
		RecordsPath: o.recordsPath, Sheet: o.sheet, HeaderRow: o.headerRow}
	d.Currency = strings.ToUpper(o.currency)
	if o.pinBaseURL {
		h, _, err := f.BaseURL()
		if err != nil {
			return nil, err
		}
		d.BaseURL = h.String()
	}
	d.Endpoint = flow.Endpoint{Template: o.template, ID: o.id, Method: strings.ToUpper(o.method), URL: o.url,
		ContentFormat: o.contentFormat, Headers: o.headers}
	if o.raw {
		if o.template != "" {
			return nil, usageErrorf("--raw applies to Advanced endpoints only: templates always wrap the body in {\"data\": …}")
		}
		no := false
		d.Endpoint.Wrap = &no
	}
	if o.passthroughSet {
		v := o.passthrough
		d.Passthrough = &v
	}
	if o.findBy != "" {
		fb, err := flow.ParseFindBy(o.findBy)
		if err != nil {
			return nil, usageError(err)
		}
		d.FindBy = &fb
	}
	d.OnExists = o.onExists
	var data *clio.Attr
	if p, err := d.Plan(); err == nil && p.Operation() != nil {
		data = p.Operation().Data
	} else if t, err := flow.LookupTemplate(o.template); err == nil {
		if op, err := t.Operation(); err == nil {
			data = op.Data
		}
	}
	for _, s := range o.maps {
		m, err := flow.ParseMapFlag(s)
		if err != nil {
			return nil, usageError(err)
		}
		d.Mapping = append(d.Mapping, m)
	}
	for _, s := range o.sets {
		m, err := flow.ParseSetFlag(s, data)
		if err != nil {
			return nil, usageError(err)
		}
		d.Mapping = append(d.Mapping, m)
	}
	for _, s := range o.customFields {
		cf, err := flow.ParseCustomFieldFlag(s)
		if err != nil {
			return nil, usageError(err)
		}
		d.CustomFields = append(d.CustomFields, cf)
	}
	for _, s := range o.customSets {
		cf, err := flow.ParseCustomFieldSetFlag(s)
		if err != nil {
			return nil, usageError(err)
		}
		d.CustomFields = append(d.CustomFields, cf)
	}
	for _, x := range o.exclude {
		d.Exclude = append(d.Exclude, flow.ParseExclude(x)...)
	}
	if o.batchSize < 1 || o.batchSize > flow.MaxBatchSize {
		return nil, usageErrorf("--batch-size %d: give 1–%d records per call", o.batchSize, flow.MaxBatchSize)
	}
	if o.batchingAnyway && !o.batching {
		return nil, usageErrorf("--batching-anyway forces batching: give --batching too")
	}
	d.Batching = flow.Batching{Enabled: o.batching, Anyway: o.batchingAnyway, Size: o.batchSize, Grouping: o.grouping, GroupBy: o.groupBy, Window: o.window}
	d.ResponseWebhook = flow.WebhookCfg{Enabled: o.webhookURL != "" || o.webhookFile != "", URL: o.webhookURL, File: o.webhookFile}
	if err := d.Relocate(filepath.Dir(o.out)); err != nil {
		return nil, usageErrorf("-o %s: %w", o.out, err)
	}
	return d, nil
}

// addSuggestions adds suggested mappings for targets nothing fills yet.
func addSuggestions(d *flow.Destination, schema nexset.Schema) {
	p, err := d.Plan()
	if err != nil || p.Operation() == nil {
		return
	}
	taken := map[string]bool{}
	for _, m := range d.Mapping {
		taken[m.Target] = true
		if !m.Const {
			taken["source:"+m.Source] = true
		}
	}
	for _, m := range flow.Suggest(p.Operation(), schema) {
		if taken[m.Target] || taken["source:"+m.Source] || flow.Excluded(d.Exclude, m.Source) {
			continue
		}
		d.Mapping = append(d.Mapping, m)
	}
	if m, ok := flow.SuggestType(p.Operation(), d.Mapping); ok {
		d.Mapping = append(d.Mapping, m)
	}
}
