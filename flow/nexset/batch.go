package nexset

// batch carries raw records from the stage that finds record boundaries to
// the stage that decodes them. JSON records are byte ranges of data; CSV
// records are ranges of cells.
type batch struct {
	data  []byte
	cells []string
	recs  []rawRec
	out   []result
	end   error // io.EOF or a fatal error after these records; nil if more follow
	done  chan struct{}
}

// rawRec is one record found but not decoded, or an error found already
// (a record too long, a CSV row that does not parse).
type rawRec struct {
	line       int
	start, end int
	bad        *RecordError
}

type result struct {
	rec Record
	err error
}

func (b *batch) reset() {
	if cap(b.data) > 4<<20 {
		b.data = nil // give a huge record's memory back
	}
	clear(b.out) // the records belong to the caller now: keep no reference
	clear(b.cells)
	b.data, b.cells, b.recs, b.out, b.end = b.data[:0], b.cells[:0], b.recs[:0], b.out[:0], nil
}

func (b *batch) addBytes(line int, raw []byte) {
	start := len(b.data)
	b.data = append(b.data, raw...)
	b.recs = append(b.recs, rawRec{line: line, start: start, end: len(b.data)})
}

func (b *batch) addCells(line int, cells []string) {
	start := len(b.cells)
	b.cells = append(b.cells, cells...)
	b.recs = append(b.recs, rawRec{line: line, start: start, end: len(b.cells)})
}

func (b *batch) addBad(e *RecordError) {
	b.recs = append(b.recs, rawRec{line: e.Line, bad: e})
}

// size is how much the batch holds, to cut batches of similar weight.
func (b *batch) size() int { return len(b.data) + 16*len(b.cells) }

// format is what each Nexset format provides: split finds the next record
// (appending one rawRec, good or bad) and runs on one goroutine; decode turns
// a rawRec into a Record and may run on several goroutines at once, each with
// its own valueDecoder.
type recordFormat interface {
	split(b *batch) error // io.EOF at the end; any other error is fatal
	decode(d *valueDecoder, b *batch, r rawRec) (Record, error)
}

// decodeJSON is the decode step shared by JSON Lines and JSON arrays. key is
// the key attribute, whose number literal the record keeps ("" for none).
func decodeJSON(d *valueDecoder, b *batch, r rawRec, key string) (Record, error) {
	raw := b.data[r.start:r.end]
	d.keyPath = key
	m, err := d.decodeObject(raw)
	if err != nil {
		line, reason := locate(err, raw, r.line)
		return Record{}, &RecordError{Line: line, Reason: reason}
	}
	return Record{Line: r.line, Fields: m, KeyText: d.keyLit}, nil
}

// decodeOne decodes a rawRec, passing on an error found while splitting.
func decodeOne(f recordFormat, d *valueDecoder, b *batch, r rawRec) (Record, error) {
	if r.bad != nil {
		return Record{}, r.bad
	}
	return f.decode(d, b, r)
}

// serial reads one record at a time on the caller's goroutine: for followed
// input, where a record must be handed over as soon as its line is complete.
type serial struct {
	f   recordFormat
	b   batch
	dec valueDecoder
}

func (s *serial) next() (Record, error) {
	s.b.reset()
	if err := s.f.split(&s.b); err != nil {
		return Record{}, err
	}
	return decodeOne(s.f, &s.dec, &s.b, s.b.recs[0])
}

func (s *serial) close() {}
