//go:build !unix

package cputime

import "time"

// Process is unknown off Unix: 0, so per-CPU metrics read 0.
func Process() time.Duration { return 0 }
