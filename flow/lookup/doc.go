// Package lookup owns the lookup conversion, lookup:COLLECTION.FIELD: a
// firm's own reference in a record (a matter's display number, a lawyer's
// e-mail, an activity description's name) becomes the Clio ID of the one
// object whose FIELD equals it.
//
// Matching is exact, never fuzzy. Clio's query parameter is a wildcard
// substring search (00042 also finds 100042-Marsh and 00042-Whitfield
// Estate), so every answer is compared here: display numbers exactly as
// written, e-mails case-insensitively, names case-insensitively with
// surrounding spaces trimmed. One object found is the answer; none fails the
// record naming the value, the collection and the field; several fail it as
// ambiguous, listing the candidates. Nothing else is ever sent as an ID.
//
// The cost: a Resolver looks each distinct value up at most once (its memo
// holds failures too, for the run). Small collections (users, activity
// descriptions, expense categories, task types) are listed once, in full,
// with fields= only what matching needs, and matched locally; matters and
// contacts are searched with query= per value. Every request goes through a
// Gate, which delivery binds to its pacer, so look-ups spend the same rate
// budget as writes. Found values are kept in a Cache (the ledger), with the
// time they were resolved, so a later run finds them without a request.
//
// It also finds a firm's custom fields by name (customfields.go): the
// fields of a parent type (Contact, Matter) are listed once per resolver,
// through the Gate, with their picklist options, and matched ignoring case;
// an unknown name lists the names there are, a shared one is ambiguous.
// They are not kept in the Cache: each run sees the options Clio has now.
package lookup
