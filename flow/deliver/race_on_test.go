//go:build race

package deliver

// raceEnabled lowers the size of tests the race detector slows ten-fold.
const raceEnabled = true
