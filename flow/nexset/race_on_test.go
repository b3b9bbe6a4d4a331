//go:build race

package nexset

// raceEnabled skips tests that only measure, which the race detector slows
// ten-fold and whose heap figures it distorts.
const raceEnabled = true
