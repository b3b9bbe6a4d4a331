//go:build !unix

package sandbox

import (
	"testing"
	"time"
)

// cpuTime is unknown off Unix; the cpu-µs/call metric then reads 0.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	return 0
}
