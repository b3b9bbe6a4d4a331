// Package clio speaks Clio's API v4: the regional hosts and custom base URLs
// a credential is bound to, an HTTP client that adds the bearer token, the
// pinned X-API-VERSION and the {"data": ...} envelope, Clio's error bodies as
// typed errors with a retry classification, the rate-limit headers, cursor
// paging, the pickers' searches, and (in other files) OAuth and the endpoint
// catalogue generated from Clio's OpenAPI description.
//
// It knows nothing of Nexsets or terminals: callers hand it bodies and read
// back raw JSON. A token is only ever sent to the Host the Client was built
// for.
package clio
