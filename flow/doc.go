// Package flow is the Clio destination: the single place where its business
// rules live. It holds the destination file (Load, Save), the four Clio
// templates and Advanced endpoints, mapping and conversions, exclusion,
// record batching, the request builder shared by sample payloads, test sends
// and activation (Plan, Build, Samples), validation, and the response webhook.
//
// flow knows no terminal: the wizard and the commands render its values and
// call its functions, and never re-implement its rules.
package flow
