// Package cputime reads the process's CPU time, for benchmarks on a machine
// shared with other work: CPU time per operation says more there than the
// wall clock, which counts the time other processes held the cores.
package cputime
