// Package sandbox is an in-process, Clio-compatible API v4 server for tests,
// benchmarks, the demo and analysts' rehearsals.
//
// It speaks Clio's OAuth (authorize, token, refresh, deauthorize), serves
// who_am_i, any collection of the catalogue generated from Clio's OpenAPI
// description (create, update, read, list, delete, validated by that
// catalogue: activities, tasks, contacts, matters, custom fields, ...) over a
// small seeded firm (see Seed), Clio's rate-limit headers and 429s, and
// deterministic fault injection.
//
// Fault injection comes in two kinds that a client must treat differently:
//   - Faults.ErrorRate answers 500/502/503 BEFORE the request is handled, so
//     nothing was created. A client cannot tell that from a 500 or 502 that
//     came after Clio wrote the object, so only a 503 makes a retry safe.
//   - Faults.DropRate handles the request fully (an object may be created)
//     and THEN drops the connection without an answer: the client cannot know
//     whether its POST took effect and must not blindly re-send it.
//
// Faults apply to /api/v4 paths only, never to OAuth.
package sandbox
