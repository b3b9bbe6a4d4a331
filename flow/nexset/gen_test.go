package nexset

import (
	"fmt"
	"io"
	"strings"
)

// genRecord writes a realistic activity-like record: about 15 attributes,
// a nested matter, strings, numbers, booleans, a date.
func genRecord(sb *strings.Builder, i int) {
	fmt.Fprintf(sb, `{"id":%d,"type":"TimeEntry","date":"2024-%02d-%02d","quantity_in_hours":%d.%d,"price":%d.50,`+
		`"note":"Drafted the reply to opposing counsel about discovery item %d","matter":{"id":%d},"user":{"id":%d},`+
		`"activity_description":{"id":%d},"non_billable":%t,"reference":"REF-%06d","tax_setting":"no_tax",`+
		`"client_name":"Acme Holdings \u00e9 Co","hours":%d,"billed":%t}`,
		i, i%12+1, i%28+1, i%9, i%10, 100+i%400, i, 1000+i%50, 20+i%7, 300+i%5, i%3 == 0, i, i%8, i%2 == 0)
}

// genCSVRow writes the same kind of record as a CSV row.
func genCSVRow(sb *strings.Builder, i int) {
	fmt.Fprintf(sb, "%d,TimeEntry,2024-%02d-%02d,%d.%d,%d.50,\"Drafted the reply, about discovery item %d\",%d,%d,%d,%t,REF-%06d,no_tax,Acme Holdings Co,%d,%t\n",
		i, i%12+1, i%28+1, i%9, i%10, 100+i%400, i, 1000+i%50, 20+i%7, 300+i%5, i%3 == 0, i, i%8, i%2 == 0)
}

const csvHeader = "id,type,date,quantity_in_hours,price,note,matter.id,user.id,activity_description.id,non_billable,reference,tax_setting,client_name,hours,billed\n"

// genReader produces records on the fly until limit bytes, so that huge
// Nexsets need no temporary file.
type genReader struct {
	limit, sent int64
	i           int
	row         func(*strings.Builder, int)
	lineEnd     string
	buf         []byte
	blocks      [][]byte // generated once, then repeated: formatting is slower than reading
}

const genBlocks = 32

func newGen(limit int64, row func(*strings.Builder, int), prefix, lineEnd string) *genReader {
	return &genReader{limit: limit, row: row, lineEnd: lineEnd, buf: []byte(prefix)}
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.sent >= g.limit {
			return 0, io.EOF
		}
		if len(g.blocks) == genBlocks {
			// Block 0 may differ from the rest (no leading comma): skip it.
			g.i++
			g.buf = g.blocks[1+g.i%(genBlocks-1)]
			break
		}
		var sb strings.Builder
		for sb.Len() < 32<<10 {
			g.i++
			g.row(&sb, g.i)
			sb.WriteString(g.lineEnd)
		}
		g.buf = []byte(sb.String())
		g.blocks = append(g.blocks, g.buf)
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	g.sent += int64(n)
	return n, nil
}

// genData returns about size bytes of generated records.
func genData(size int, row func(*strings.Builder, int), prefix, lineEnd string) []byte {
	b, _ := io.ReadAll(newGen(int64(size), row, prefix, lineEnd))
	return b
}
