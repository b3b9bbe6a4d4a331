package flow

import (
	"slices"
	"testing"
)

// Excluding a mapped source says what disappears, on the spot and in Validate.
func TestExclusionEffects(t *testing.T) {
	d := timeEntries(t)
	d.Mapping = append(d.Mapping, Mapping{Target: "price", Source: "Rate", Convert: "number"})
	want := "Rate is mapped to price: price will not be sent"
	if got := ExclusionEffects(d, "Rate"); !slices.Equal(got, []string{want}) {
		t.Errorf("ExclusionEffects(Rate) = %q", got)
	}
	if got := ExclusionEffects(d, "internal_notes"); len(got) != 0 {
		t.Errorf("an unmapped attribute: %q", got)
	}
	d.Exclude = append(d.Exclude, "Rate")
	var found bool
	for _, p := range Validate(d, nil) {
		found = found || (p.Warning && p.Field == "mapping[5].source" && p.Message == "Rate is excluded, but it is mapped to price: price will not be sent")
	}
	if !found {
		t.Errorf("Validate does not warn %q: %v", want, Validate(d, nil))
	}
}
