// Package cmd is cliodest's command line: the cobra command tree, the Factory
// of dependencies every command receives, and the mapping of errors to exit
// codes (0 done, 1 failed, 2 bad usage, 130 interrupted).
//
// Adding a command: write newXxxCmd(f *Factory) *cobra.Command in its own file
// (Use, Short, Long, Example, Args, RunE using cmd.Context() and f's streams),
// then add one line to the AddCommand list in newRootCmd. Return usageErrorf
// for bad input the user can fix by changing the command line, an *ExitError
// for a specific code, and any other error for "failed" (1).
package cmd
