package flow

import (
	"fmt"

	"github.com/cliodest/cliodest/flow/nexset"
)

// DefaultMaxRequestBytes is max_request_bytes when the file does not say:
// a request body larger than this is not sent (Clio answers 413).
const DefaultMaxRequestBytes = 4 << 20

// EffectiveMaxRequestBytes is max_request_bytes, or its default.
func (d *Destination) EffectiveMaxRequestBytes() int {
	if d.MaxRequestBytes > 0 {
		return d.MaxRequestBytes
	}
	return DefaultMaxRequestBytes
}

func checkMaxRequestBytes(d *Destination) Problems {
	if n := d.MaxRequestBytes; n < 0 || n > nexset.MaxRecordBytes {
		return Problems{{Field: "max_request_bytes", Message: fmt.Sprintf("%d: give 1 to %d bytes (0 or absent: %d, 4 MiB)", n, nexset.MaxRecordBytes, DefaultMaxRequestBytes)}}
	}
	return nil
}

// TooLargeError is a record whose request would be larger than
// max_request_bytes.
type TooLargeError struct{ Size, Max int }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("record too large: its request would carry about %d bytes, more than max_request_bytes (%d); Clio refuses bodies that large. Split the record, exclude its largest attributes, or raise max_request_bytes if the server takes more", e.Size, e.Max)
}

// checkSize refuses a record or body of size bytes over the limit.
func (p *Planner) checkSize(size int) error {
	if max := p.d.EffectiveMaxRequestBytes(); size > max {
		return &TooLargeError{Size: size, Max: max}
	}
	return nil
}
