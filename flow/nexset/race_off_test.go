//go:build !race

package nexset

const raceEnabled = false
