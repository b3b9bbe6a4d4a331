package nexset

import "fmt"

// recordLimit is the largest record o lets through: Options.MaxRecordBytes
// when it is set and below MaxRecordBytes. A larger record is skipped as it
// is read, never held whole, and reported as a *RecordError.
func (o Options) recordLimit() int {
	if o.MaxRecordBytes > 0 && o.MaxRecordBytes < maxRecordBytes {
		return o.MaxRecordBytes
	}
	return maxRecordBytes
}

// tooLargeReason says why a record over limit bytes was skipped.
func tooLargeReason(limit int) string {
	if limit == maxRecordBytes {
		return tooLongReason()
	}
	return fmt.Sprintf("record too large: longer than %s, the most one request may carry (max_request_bytes); it was skipped unread, nothing of it is sent", byteSize(limit))
}

func byteSize(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitOr is a reader's record limit, maxRecordBytes when unset.
func limitOr(limit int) int {
	if limit > 0 {
		return limit
	}
	return maxRecordBytes
}
