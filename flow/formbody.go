package flow

import (
	"net/url"
	"slices"
	"strings"
)

// encodeForm writes a body as application/x-www-form-urlencoded with the
// Rails-style keys Clio's Rails stack reads: data[matter][id]=1,
// data[tags][]=a, data[][name]=x for arrays of objects. Keys are sorted so
// the same body always encodes the same way; null becomes an empty value.
func encodeForm(v any) string {
	var pairs []string
	formPairs("", v, &pairs)
	return strings.Join(pairs, "&")
}

func formPairs(prefix string, v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			name := k
			if prefix != "" {
				name = prefix + "[" + k + "]"
			}
			formPairs(name, x[k], out)
		}
	case []any:
		for _, e := range x {
			formPairs(prefix+"[]", e, out)
		}
	default:
		s := ""
		if v != nil {
			s, _ = scalarText(v)
			if str, ok := v.(string); ok {
				s = str // keep blanks as they are
			}
		}
		*out = append(*out, url.QueryEscape(prefix)+"="+url.QueryEscape(s))
	}
}
