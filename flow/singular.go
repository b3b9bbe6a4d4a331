package flow

import "strings"

// singular names one object of a Clio collection path ("activities" →
// "activity", "tasks" → "task"), for the example attribute in a message.
func singular(collection string) string {
	if s, ok := strings.CutSuffix(collection, "ies"); ok {
		return s + "y"
	}
	return strings.TrimSuffix(collection, "s")
}
