// Package accessible is cliodest's wizard as plain line prompts: the same
// questions as the Bubble Tea wizard (package ui), asked one at a time with
// numbered choices and [default] values, no side pane, no cursor movement and
// no colour, so that screen readers and dumb terminals follow it.
//
// Like the wizard it decides nothing itself: templates, mapping suggestions,
// required attributes, validation, sample payloads, saving and activation are
// package flow's. It reads answers line by line from Options.In, so a whole
// journey can also be scripted on standard input.
package accessible
