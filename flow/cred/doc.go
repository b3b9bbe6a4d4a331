// Package cred keeps named Clio credentials: non-secret metadata in an index
// file under the config directory, secrets (client secret, access and refresh
// tokens, expiry) in the OS keyring — or, only when asked, in a 0600 file.
// It performs the login bookkeeping (who_am_i check before saving), hands out
// refreshing token sources that write refreshed tokens back, and binds every
// credential to its own Clio host.
package cred
