package clio

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// ValidateData checks a body's data value exactly as Validate checks the
// body {"data": data} would, without encoding and decoding it: activation
// validates every record, and the JSON round trip cost more than the
// checks. data holds what a JSON encoder accepts: maps with string keys,
// []any, strings, bools, nil and Go numbers (int, int64, float64,
// json.Number).
//
// ok is false when data holds something whose JSON form cannot be known
// without encoding it (another type, a NaN or infinite float, text that is
// not valid UTF-8, which an encoder would alter) or when the operation has
// no data schema; the caller then encodes the body and calls Validate.
func (op *Operation) ValidateData(data any) (problems []Problem, ok bool) {
	if op == nil || op.Data == nil {
		return nil, false
	}
	doc, ok := asDecoded(data)
	if !ok {
		return nil, false
	}
	v := &validator{op: op}
	if arr, isArr := doc.([]any); isArr && op.Data.Type == "object" {
		v.batch(arr)
	} else {
		v.required(op.Data, doc, "data")
	}
	return v.problems, true
}

// asDecoded turns a Go value into what decodeJSONBody would make of its JSON
// encoding: numbers become json.Number written as encoding/json writes them.
// Maps and lists holding no Go number are used as they are (the validator
// only reads them), so a body of text costs no copy.
func asDecoded(val any) (any, bool) {
	out, _, ok := decodedForm(val)
	return out, ok
}

// decodedForm is asDecoded; same reports that out is val itself.
func decodedForm(val any) (out any, same, ok bool) {
	switch x := val.(type) {
	case nil, bool:
		return val, true, true
	case string:
		return val, true, utf8.ValidString(x) // val, not x: boxing x again would allocate
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil && string(x) != "" {
			return nil, false, false // not a valid JSON number: let the encoder say so
		}
		return val, true, x != ""
	case int:
		return json.Number(strconv.Itoa(x)), false, true
	case int64:
		return json.Number(strconv.FormatInt(x, 10)), false, true
	case float64:
		n, ok := floatNumber(x)
		return n, false, ok
	case map[string]any:
		var cp map[string]any // made at the first entry that changes
		for k, e := range x {
			if !utf8.ValidString(k) {
				return nil, false, false
			}
			d, same, ok := decodedForm(e)
			if !ok {
				return nil, false, false
			}
			if !same {
				if cp == nil {
					cp = make(map[string]any, len(x))
					for k2, e2 := range x {
						cp[k2] = e2
					}
				}
				cp[k] = d
			}
		}
		if cp == nil {
			return val, true, true
		}
		return cp, false, true
	case []any:
		var cp []any
		for i, e := range x {
			d, same, ok := decodedForm(e)
			if !ok {
				return nil, false, false
			}
			if !same {
				if cp == nil {
					cp = append([]any(nil), x...)
				}
				cp[i] = d
			}
		}
		if cp == nil {
			return val, true, true
		}
		return cp, false, true
	}
	return nil, false, false
}

// floatNumber writes f as encoding/json does: shortest form, 'f' notation
// except for very small or large magnitudes, and "e-7" rather than "e-07".
func floatNumber(f float64) (any, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(make([]byte, 0, 24), f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return json.Number(b), true
}
