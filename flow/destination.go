package flow

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/nexset"
)

// FileVersion is the destination file format this package reads and writes.
const FileVersion = 1

// Status says whether a destination delivers.
type Status string

const (
	StatusPaused Status = "paused"
	StatusActive Status = "active"
)

// Destination is one Clio destination: what the wizard edits, the file
// holds, and activation runs. The field comments are the file's documentation
// (docs/destination-file.md says the same at length).
type Destination struct {
	Version    int       `yaml:"version"`
	ID         string    `yaml:"id"`     // stable, random at creation; keys the ledger
	Name       string    `yaml:"name"`   // shown in lists and in webhook documents
	Status     Status    `yaml:"status"` // paused | active
	Nexset     NexsetRef `yaml:"nexset"`
	Credential string    `yaml:"credential"`         // credential name, never a secret
	BaseURL    string    `yaml:"base_url,omitempty"` // Clio-compatible host (sandbox, proxy); "" = the credential's host
	Endpoint   Endpoint  `yaml:"endpoint"`
	APIVersion string    `yaml:"api_version"` // X-API-VERSION, pinned so units cannot change under a saved destination
	Mapping    []Mapping `yaml:"mapping,omitempty"`
	// CustomFields fill the firm's custom fields by name (contacts and
	// matters), sent as custom_field_values with the IDs looked up in Clio.
	CustomFields    []CustomFieldMapping `yaml:"custom_fields,omitempty"`
	Passthrough     *bool                `yaml:"passthrough,omitempty"` // nil = true; see PassthroughOn
	Exclude         []string             `yaml:"exclude,omitempty"`     // dotted record paths never sent
	Batching        Batching             `yaml:"batching"`
	ResponseWebhook WebhookCfg           `yaml:"response_webhook"`
	// Timezone is the firm's IANA time zone (America/Vancouver): dates and
	// times written without an offset are read in it, so a plain date for a
	// date-time attribute is that day's local midnight. "" reads them as UTC.
	Timezone string `yaml:"timezone,omitempty"`
	// MaxRequestBytes bounds one request's body; a record whose request
	// would be larger fails as too large, before anything is sent, and the
	// Nexset readers skip such a record unread. 0 = DefaultMaxRequestBytes.
	MaxRequestBytes int `yaml:"max_request_bytes,omitempty"`
	// Currency is the ISO code of the firm's amounts (USD); the money
	// conversion refuses an amount marked with another. "" checks none.
	Currency string `yaml:"currency,omitempty"`
	// OnChange is what a re-activation does with a record delivered before
	// whose body changed (flow/sync): update, skip or create; "" = update
	// where Clio can update the collection, else skip.
	OnChange string `yaml:"on_change,omitempty"`
	// FindBy makes a create destination find-or-create (findby.go): an
	// object already in Clio whose field equals the record's value is
	// updated, skipped or failed, as OnExists says (update | skip | fail;
	// "" = update), instead of being created a second time.
	FindBy   *FindBy `yaml:"find_by,omitempty"`
	OnExists string  `yaml:"on_exists,omitempty"`
	// OnConflict is what the update of a changed record does when its
	// object changed in Clio since cliodest last wrote it (Clio answers 412
	// to the If-Match sent): skip (keep Clio's, report an edit conflict;
	// "" = skip) or overwrite.
	OnConflict string `yaml:"on_conflict,omitempty"`
	// OnRemove is what a re-activation does with a record delivered before
	// and absent from the Nexset now (flow/sync): keep (the default; it is
	// counted and listed) or delete (its object in Clio, only when the run
	// is confirmed: --yes, or the wizard's question).
	OnRemove string `yaml:"on_remove,omitempty"`

	// Dir is the directory of the destination file; relative Nexset and
	// response-file paths are resolved against it.
	Dir string `yaml:"-"`
}

// NexsetRef says where the records come from.
type NexsetRef struct {
	Path        string        `yaml:"path"`                   // relative to the destination file's directory, or "-" for stdin
	Format      nexset.Format `yaml:"format,omitempty"`       // jsonl | json | csv | xlsx | "" (detect)
	Key         string        `yaml:"key,omitempty"`          // record attribute that identifies a record; "" = content hash + position
	KeepStrings bool          `yaml:"keep_strings,omitempty"` // CSV: no type inference
	// LiteralHeaders (CSV) takes every header as one name, dots included.
	LiteralHeaders bool `yaml:"literal_headers,omitempty"`
	// Delimiter (delimited text): comma | semicolon | tab | pipe; "" detects.
	Delimiter string `yaml:"delimiter,omitempty"`
	// Encoding (text): utf-8 | windows-1252 | latin-1 | utf-16le | utf-16be; "" detects UTF-8 or UTF-16 by its mark.
	Encoding string `yaml:"encoding,omitempty"`
	// Decimal is the decimal mark of numbers written as text: comma | point;
	// "" reads what is unambiguous and warns about values such as 1,250.
	Decimal string `yaml:"decimal,omitempty"`
	// RecordsPath (JSON): the dot path of the records array in a document
	// that is an object (data, response.items); "" finds the only one.
	RecordsPath string `yaml:"records_path,omitempty"`
	// Sheet (workbook): the sheet to read; "" reads the first visible one.
	Sheet string `yaml:"sheet,omitempty"`
	// HeaderRow (workbook): the row naming the columns, 1-based; 0 finds it.
	HeaderRow int `yaml:"header_row,omitempty"`
}

// Endpoint is a template or an Advanced endpoint; Template == "" means Advanced.
type Endpoint struct {
	Template      string `yaml:"template,omitempty"`       // create_activity | update_activity | create_task | update_task | create_contact | update_contact | create_matter | update_matter
	ID            string `yaml:"id,omitempty"`             // update templates: 12345 or {record.attr}
	Method        string `yaml:"method,omitempty"`         // Advanced: POST | PATCH | PUT | DELETE
	URL           string `yaml:"url,omitempty"`            // Advanced: /api/v4/….json with {record.attr} macros
	ContentFormat string `yaml:"content_format,omitempty"` // Advanced: json (default) | form
	Headers       string `yaml:"headers,omitempty"`        // Advanced: "Name:value,Name2:value2"
	Wrap          *bool  `yaml:"wrap,omitempty"`           // Advanced: wrap the body in {"data": …}; nil = true
}

// Batching groups several records into one call (Advanced endpoints only).
type Batching struct {
	Enabled  bool   `yaml:"enabled"`
	Size     int    `yaml:"size,omitempty"`     // 1–1000, default 100
	Grouping string `yaml:"grouping,omitempty"` // in_order | by_attribute | time_window
	GroupBy  string `yaml:"group_by,omitempty"` // by_attribute: dotted record path
	Window   string `yaml:"window,omitempty"`   // time_window: Go duration, e.g. 2s
	// Anyway forces batching on an endpoint Clio's description says takes
	// one object per call: for a Clio-compatible proxy that accepts arrays.
	Anyway bool `yaml:"anyway,omitempty"`
}

// WebhookCfg says where each call's response document goes.
type WebhookCfg struct {
	Enabled bool   `yaml:"enabled"`
	URL     string `yaml:"url,omitempty"`  // http(s) URL that receives a POST per call
	File    string `yaml:"file,omitempty"` // JSON Lines file, relative to the destination file's directory
}

// Defaults of a new destination.
const (
	DefaultBatchSize = 100
	MaxBatchSize     = 1000
	DefaultSamples   = 3
)

// New returns a paused destination with a fresh ID and the defaults filled.
func New(name string) *Destination {
	return &Destination{
		Version:    FileVersion,
		ID:         NewID(),
		Name:       name,
		Status:     StatusPaused,
		APIVersion: clio.DefaultAPIVersion,
		Batching:   Batching{Size: DefaultBatchSize, Grouping: GroupInOrder},
	}
}

// NewID returns a random 128-bit identifier in hex.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// IsTemplate reports whether the destination uses one of the four templates.
func (d *Destination) IsTemplate() bool { return d.Endpoint.Template != "" }

// Wraps reports whether bodies go wrapped in {"data": …}: unless Wrap says
// no, which only an Advanced endpoint may (a template refuses it).
func (e Endpoint) Wraps() bool { return e.Wrap == nil || *e.Wrap }

// PassthroughOn reports whether unmapped record attributes are sent. For a
// template only those whose path is an attribute of the endpoint's body are.
func (d *Destination) PassthroughOn() bool { return d.Passthrough == nil || *d.Passthrough }

// Location is the destination's time zone: Timezone, or UTC when it is unset
// (or unknown, which checkConfig refuses).
func (d *Destination) Location() *time.Location {
	if d.Timezone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(d.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// EffectiveAPIVersion returns the X-API-VERSION to send.
func (d *Destination) EffectiveAPIVersion() string {
	if d.APIVersion == "" {
		return clio.DefaultAPIVersion
	}
	return d.APIVersion
}

// NexsetPath is the Nexset's path resolved against the destination's directory.
func (d *Destination) NexsetPath() string { return d.resolve(d.Nexset.Path) }

// ResponseFilePath is the response file's path resolved likewise ("" if none).
func (d *Destination) ResponseFilePath() string { return d.resolve(d.ResponseWebhook.File) }

func (d *Destination) resolve(p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) || d.Dir == "" {
		return p
	}
	return filepath.Join(d.Dir, p)
}

// NexsetOptions are the reading options the destination asks for.
func (d *Destination) NexsetOptions() nexset.Options {
	delim, _ := nexset.ParseDelimiter(d.Nexset.Delimiter) // checkConfig refuses an unknown one
	enc, _ := nexset.ParseEncoding(d.Nexset.Encoding)
	return nexset.Options{Format: d.Nexset.Format, KeepStrings: d.Nexset.KeepStrings, Key: d.Nexset.Key,
		LiteralHeaders: d.Nexset.LiteralHeaders, Delimiter: delim, Encoding: enc, DecimalComma: d.Nexset.Decimal == DecimalComma,
		RecordsPath: d.Nexset.RecordsPath, Sheet: d.Nexset.Sheet, HeaderRow: d.Nexset.HeaderRow,
		MaxRecordBytes: d.EffectiveMaxRequestBytes()}
}
