package accessible

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// The Nexset step's questions of how the file is read (issue 20) and of the
// firm's time zone (issue 14), asked after its first records are read.

var (
	delimiterNames = nexset.DelimiterNames()
	encodingNames  = nexset.EncodingNames()
)

// encodingQuestion is asked when the file is not UTF-8: reading it as
// another encoding is a choice, not a flag to look up.
func (j *journey) encodingQuestion() error {
	i, err := j.p.choose("The file is not UTF-8. Read it as", encodingNames[1:], 0)
	if err != nil {
		return err
	}
	j.d.Nexset.Encoding = encodingNames[i+1]
	return nil
}

// readingQuestions says how a delimited text or a workbook was read and
// offers to change it (sheet, header row, delimiter, encoding, decimal
// mark), reading the file again until it reads.
func (j *journey) readingQuestions(ctx context.Context) error {
	l := j.schema.Layout
	if l.Format != nexset.CSV && l.Format != nexset.XLSX {
		return nil
	}
	j.p.say("Read as %s; decimal mark %s.", l, orNotSet(j.d.Nexset.Decimal))
	change, err := j.p.yesNo("Change how it is read (sheet, header row, delimiter, encoding, decimal mark)?", false)
	if err != nil || !change {
		return err
	}
	for {
		if err := j.askReading(l); err != nil {
			return err
		}
		if err := j.readNexset(ctx, j.d.Nexset.Path); err != nil {
			j.p.say("  Not accepted: %v", err)
			continue
		}
		return nil
	}
}

func orNotSet(v string) string {
	if v == "" {
		return "not set"
	}
	return v
}

// askReading asks each setting that fits the layout; a setting answered
// with what was detected stays unset, so detection keeps working.
func (j *journey) askReading(l nexset.Layout) error {
	n := &j.d.Nexset
	if l.Format == nexset.XLSX {
		i, err := j.p.choose("Sheet", l.Sheets, max(0, slices.Index(l.Sheets, l.Sheet)))
		if err != nil {
			return err
		}
		if n.Sheet != "" || l.Sheets[i] != l.Sheet {
			n.Sheet = l.Sheets[i]
		}
		def := ""
		if n.HeaderRow > 0 {
			def = strconv.Itoa(n.HeaderRow)
		}
		if _, err := j.p.askValid(fmt.Sprintf("Header row (1 is the first; - finds it, row %d now)", l.HeaderRow), def, func(a string) error {
			n.HeaderRow = 0
			if a == "" || a == "-" {
				return nil
			}
			r, err := strconv.Atoi(a)
			if err != nil || r < 1 {
				return fmt.Errorf("%q is not a row number: 1 is the first row", a)
			}
			n.HeaderRow = r
			return nil
		}); err != nil {
			return err
		}
	} else {
		det := nexset.DelimiterName(l.Delimiter)
		i, err := j.p.choose("Delimiter", delimiterNames, max(0, slices.Index(delimiterNames, det)))
		if err != nil {
			return err
		}
		if n.Delimiter != "" || delimiterNames[i] != det {
			n.Delimiter = delimiterNames[i]
		}
		enc := string(l.Encoding)
		if enc == "" {
			enc = string(nexset.UTF8)
		}
		i, err = j.p.choose("Encoding", encodingNames, max(0, slices.Index(encodingNames, enc)))
		if err != nil {
			return err
		}
		if n.Encoding != "" || encodingNames[i] != enc {
			n.Encoding = encodingNames[i]
		}
	}
	marks := []string{"", flow.DecimalPoint, flow.DecimalComma}
	i, err := j.p.choose("Decimal mark of numbers written as text", []string{"not set (what is unambiguous; 1,250 is warned about)", "point: 1,234.5", "comma: 1.234,5"},
		max(0, slices.Index(marks, n.Decimal)))
	if err != nil {
		return err
	}
	n.Decimal = marks[i]
	return nil
}

// timezoneQuestion asks the firm's time zone once: a plain date sent as a
// date-time is midnight there. A new destination proposes this machine's.
func (j *journey) timezoneQuestion() error {
	def := j.d.Timezone
	if def == "" && !j.edit {
		def = flow.MachineZone()
	}
	_, err := j.p.askValid("Time zone of the firm's dates (IANA name such as America/Vancouver; - for none: read as UTC)", def, func(a string) error {
		if a == "-" || a == "" {
			j.d.Timezone = ""
			return nil
		}
		if _, err := time.LoadLocation(a); err != nil || strings.EqualFold(a, "local") {
			return fmt.Errorf("%q is not a time zone name (e.g. America/Vancouver, Europe/London)", a)
		}
		j.d.Timezone = a
		return j.checkFields("timezone")
	})
	return err
}
