// Package ui is the Bubble Tea wizard of cliodest: one state machine that walks
// an analyst from a Nexset to a saved (and possibly activated) Clio
// destination, with a side pane showing the exact requests their choices
// produce.
//
// The wizard is a view over package flow and package clio: every rule
// (templates, mapping suggestions, required attributes, exclusion, batching,
// samples and verdicts, saving, test send, activation) is theirs. ui only
// collects choices, calls flow, and renders what comes back.
package ui
