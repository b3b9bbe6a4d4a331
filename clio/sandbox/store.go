package sandbox

import (
	"encoding/json"
	"hash/fnv"
	"slices"
	"strconv"
	"time"
)

// object is one stored record. Attributes hold JSON-decoded values (json.Number
// for numbers) and links normalised to map{"id": int64[, "type": string]}.
type object struct {
	id      int64
	version int64
	attrs   map[string]any
	made    time.Time // when the API created it (zero: seeded), for Config.SearchLag
}

// collection holds the records of one kind in ID order, so cursor paging is a binary search.
type collection struct {
	items   map[int64]*object
	ids     []int64 // ascending
	nextID  int64
	created int
}

// store is every collection; the Server guards it with its mutex.
type store struct {
	kinds map[string]*collection
}

// firstIDs keeps each kind's created IDs in a recognisable range.
var firstIDs = map[string]int64{"activities": FirstActivityID, "tasks": FirstTaskID}

func newStore() *store { return &store{kinds: map[string]*collection{}} }

func (st *store) coll(kind string) *collection {
	c, ok := st.kinds[kind]
	if !ok {
		next := firstIDs[kind]
		if next == 0 {
			next = 90001
		}
		c = &collection{items: map[int64]*object{}, nextID: next}
		st.kinds[kind] = c
	}
	return c
}

func (st *store) get(kind string, id int64) (*object, bool) {
	c, ok := st.kinds[kind]
	if !ok {
		return nil, false
	}
	o, ok := c.items[id]
	return o, ok
}

// put inserts a record with a chosen ID (seeding) or the next one when id is 0.
func (st *store) put(kind string, id int64, attrs map[string]any, now time.Time) *object {
	c := st.coll(kind)
	if id == 0 {
		id = c.nextID
	}
	if id >= c.nextID {
		c.nextID = id + 1
	}
	o := &object{id: id, attrs: attrs}
	ts := now.UTC().Format(time.RFC3339)
	attrs["id"] = id
	attrs["created_at"] = ts
	o.touch(now)
	c.items[id] = o
	i, _ := slices.BinarySearch(c.ids, id)
	c.ids = slices.Insert(c.ids, i, id)
	c.created++
	return o
}

func (st *store) remove(kind string, id int64) bool {
	c, ok := st.kinds[kind]
	if !ok {
		return false
	}
	if _, ok := c.items[id]; !ok {
		return false
	}
	delete(c.items, id)
	if i, found := slices.BinarySearch(c.ids, id); found {
		c.ids = slices.Delete(c.ids, i, i+1)
	}
	return true
}

// touch marks a change: a new version, a new etag and updated_at.
func (o *object) touch(now time.Time) {
	o.version++
	o.attrs["updated_at"] = now.UTC().Format(time.RFC3339)
	h := fnv.New64a()
	var buf [16]byte
	h.Write(strconv.AppendInt(buf[:0], o.id, 10))
	h.Write([]byte{'/'})
	h.Write(strconv.AppendInt(buf[:0], o.version, 10))
	h.Write([]byte{'/'})
	h.Write([]byte(now.UTC().Format(time.RFC3339Nano)))
	// Clio's etags are quoted strings, quotes included in the JSON value.
	o.attrs["etag"] = `"` + strconv.FormatUint(h.Sum64(), 16) + `"`
}

func (o *object) etag() string { s, _ := o.attrs["etag"].(string); return s }

// linkID reads the id of a normalised link attribute.
func linkID(v any) (int64, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return 0, false
	}
	return toInt(m["id"])
}

// toInt accepts the integer shapes a decoded or seeded value may have.
func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case float64:
		if n == float64(int64(n)) {
			return int64(n), true
		}
	}
	return 0, false
}

// toFloat accepts the number shapes a decoded or seeded value may have.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}
