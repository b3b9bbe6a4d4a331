package deliver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// Custom field values on update. An object holds at most one value per
// custom field, each with an id of its own, and an update changes a value
// only through that id: an entry of custom_field_values without it asks
// for a second value of the field, which Clio refuses or adds. The ids are
// Clio's and change when staff remove and re-enter a value, so before the
// first attempt of a PATCH whose body sends custom_field_values, the
// object's values are read (one paced GET of
// custom_field_values{id,custom_field}) and each entry for a field the
// object holds a value of is sent with that value's id. A field the object
// has no value of is sent without one: Clio adds it.

// valueIDFields is what the read asks for.
const valueIDFields = "id,custom_field_values{id,custom_field}"

// customValueIDs gives the custom_field_values entries of update job j the
// ids of the values its object holds, read through the pacer; nothing is
// read when j sends none.
func (e *engine) customValueIDs(j *job) error {
	c, err := valueIDsWith(j.call, func(path string) (raw json.RawMessage, err error) {
		err = e.readPaced(func() error {
			raw, _, err = e.o.Client.Get(e.sendCtx, path, valueIDFields)
			return err
		})
		return raw, err
	})
	if err != nil {
		return err
	}
	j.call = c
	return nil
}

// WithValueIDs is call (a test send) with the ids of the custom field
// values its object holds, read with one request of client, as activation
// sends an update; call itself when it sends no custom_field_values.
func WithValueIDs(ctx context.Context, client *clio.Client, call flow.Call) (flow.Call, error) {
	return valueIDsWith(call, func(path string) (json.RawMessage, error) {
		raw, _, err := client.Get(ctx, path, valueIDFields)
		return raw, err
	})
}

// valueIDsWith is call with its entries' value ids, its object read by get.
func valueIDsWith(call flow.Call, get func(path string) (json.RawMessage, error)) (flow.Call, error) {
	if call.Method != http.MethodPatch || !bytes.Contains(call.Body, []byte(`"custom_field_values"`)) {
		return call, nil
	}
	path, _, _ := strings.Cut(call.Path, "?")
	raw, err := get(path)
	if err != nil {
		return call, fmt.Errorf("reading the object's custom field values, whose ids the update needs: %w", err)
	}
	held, err := heldValueIDs(raw)
	if err != nil {
		return call, fmt.Errorf("reading the object's custom field values, whose ids the update needs: %w", err)
	}
	if call.Body, err = withValueIDs(call.Body, held); err != nil {
		return call, err
	}
	return call, nil
}

// cfvEntry is one entry of custom_field_values, sent or held.
type cfvEntry struct {
	ID          json.RawMessage `json:"id"`
	CustomField struct {
		ID json.Number `json:"id"`
	} `json:"custom_field"`
}

// heldValueIDs maps each custom field (its id, as text) the object holds a
// value of to that value's id, as Clio wrote it.
func heldValueIDs(raw json.RawMessage) (map[string]json.RawMessage, error) {
	var obj struct {
		Values []cfvEntry `json:"custom_field_values"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, fmt.Errorf("the answer is not an object with custom_field_values: %w", err)
	}
	out := make(map[string]json.RawMessage, len(obj.Values))
	for _, v := range obj.Values {
		if len(v.ID) > 0 && string(v.ID) != "null" && v.CustomField.ID != "" {
			out[v.CustomField.ID.String()] = v.ID
		}
	}
	return out, nil
}

// withValueIDs is body with the id of held's value set on each entry of
// data.custom_field_values that has none; the rest of body is unchanged.
func withValueIDs(body []byte, held map[string]json.RawMessage) ([]byte, error) {
	var env map[string]json.RawMessage
	var data map[string]json.RawMessage
	var entries []map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("the update's body: %w", err)
	}
	if err := json.Unmarshal(env["data"], &data); err != nil {
		return nil, fmt.Errorf("the update's body: data: %w", err)
	}
	if err := json.Unmarshal(data["custom_field_values"], &entries); err != nil {
		return nil, fmt.Errorf("the update's body: data.custom_field_values: %w", err)
	}
	changed := false
	for _, en := range entries {
		if _, has := en["id"]; has {
			continue
		}
		var sent cfvEntry
		if err := json.Unmarshal(mustJSON(en), &sent); err != nil || sent.CustomField.ID == "" {
			continue
		}
		if id, ok := held[sent.CustomField.ID.String()]; ok {
			en["id"] = id
			changed = true
		}
	}
	if !changed {
		return body, nil
	}
	data["custom_field_values"] = mustJSON(entries)
	env["data"] = mustJSON(data)
	return json.Marshal(env)
}

// mustJSON encodes what json.Unmarshal just decoded, which cannot fail.
func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// notUpdated settles an update that was not sent because its object's
// custom field values could not be read: pending when the run stopped (the
// next run sends it), failed otherwise, and as deleted on a 404.
func (e *engine) notUpdated(c flow.Call, err error) {
	switch {
	case e.stopping():
		e.record(c, ledger.Pending, 0, nil, err)
	case statusOf(err) == http.StatusNotFound:
		e.record(c, ledger.Failed, http.StatusNotFound, nil, fmt.Errorf("the object was deleted in Clio: %w", err))
	default:
		e.record(c, ledger.Failed, statusOf(err), nil, err)
	}
}
