// Package home owns the destinations home: what `cliodest` opens in a folder
// of saved destination files. It lists each file (name, endpoint, Nexset,
// state, ledger counts, last run), read from the files and their ledgers
// read-only and refreshed while anything runs, and offers on the selected
// one the keys that run it: edit and new (the wizard, package ui), preview,
// activate with a live view of the run, pause and resume, retry, resolve in
// doubt, and a status detail of the failed and in-doubt records. The
// delivery itself is the shared engine's, reached through Options.Run; this
// package only draws it.
package home
