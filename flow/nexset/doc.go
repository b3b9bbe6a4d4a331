// Package nexset reads Nexsets — the records an activation sends to Clio — from
// JSON Lines, JSON (an array, or an envelope object holding one), delimited
// text (separator and encoding detected) and Excel workbook files or standard
// input, one record at a time.
//
// Reading streams: memory stays flat however large the Nexset is, and a single
// record may be as large as MaxRecordBytes. A bad record is reported as a
// *RecordError naming the file, line and reason, and the caller may go on to
// the following records; nothing is skipped silently. With Options.Follow a
// JSON Lines or CSV file is watched for appended records until the context
// ends, as `cliodest activate --follow` needs; a followed file may only grow
// (truncation, replacement or a rewrite of what was read is ErrChanged).
//
// Keys are exact text: with Options.Key, each Record keeps its key attribute
// as written (KeyText: a JSON number's literal, a CSV cell), so that values a
// float64 or type inference would merge stay distinct. TakeFingerprint tells
// whether a file is still the one a run started with.
//
// CSV has a header row. Cells that read as JSON numbers or as true/false
// become numbers and booleans unless Options.KeepStrings is set; ISO dates
// stay strings (the schema types them "date"); an empty cell is left out of
// the record, CSV having no other way to say "absent"; a dotted header such
// as "matter.id" builds a nested object.
//
// Reading is fast because records are decoded by a hand-rolled decoder (int64
// for integers, a depth limit of MaxDepth, invalid UTF-8 refused) and, when
// more than one CPU is available, on several goroutines while one goroutine
// finds record boundaries; records still come out in file order. Close a
// Reader to stop those goroutines. A followed Nexset is read on the caller's
// goroutine so that each record is handed over as soon as it is complete, and
// Next then returns ctx.Err() once the context ends.
//
// InferSchema summarises the attribute paths ("matter.id" for nested objects),
// their types and examples, for the wizard's Nexset step and for mapping.
package nexset
