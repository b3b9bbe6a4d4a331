package flow

import (
	"slices"
	"strings"
	"unicode"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/nexset"
)

// synonyms are source names (normalised) that commonly hold a target attribute.
var synonyms = map[string][]string{
	"date":                    {"work_date", "entry_date", "activity_date", "date_worked", "worked_on", "service_date", "expense_date", "day", "incurred_on"},
	"quantity":                {"hours", "hours_worked", "duration_hours", "time_spent", "hrs", "duration", "time", "minutes", "duration_minutes", "mins", "time_minutes"},
	"note":                    {"description", "narrative", "notes", "details", "memo", "comment"},
	"price":                   {"amount", "cost", "rate", "total"},
	"matter.id":               {"matter", "matter_ref"},
	"user.id":                 {"user", "timekeeper_id", "attorney_id", "lawyer_id", "timekeeper"},
	"name":                    {"title", "task_name", "subject", "task", "full_name", "contact_name"},
	"description":             {"details", "task_description", "notes", "body", "summary", "matter_summary", "matter_description"},
	"assignee.id":             {"assignee", "assigned_to", "assigned_to_id", "owner_id"},
	"due_at":                  {"due_date", "due", "deadline", "due_on"},
	"expense_category.id":     {"category_id", "expense_category", "category", "expense_type"},
	"activity_description.id": {"activity_description", "description_id", "activity", "activity_id", "activity_code"},
	"vendor.id":               {"vendor"},
	"task_type.id":            {"task_type"},
	"type":                    {"entry_type", "activity_type", "kind"},
	"priority":                {"urgency"},
	"client.id":               {"client", "client_id", "contact_id"},
	"first_name":              {"given_name", "first"},
	"last_name":               {"surname", "family_name", "last"},
	"date_of_birth":           {"dob", "birth_date", "birthday"},
	"open_date":               {"opened", "opened_on", "intake_date"},
}

// Normalise reduces an attribute name to lower-case words joined by "_":
// "matter_id", "matterId", "Matter ID" and "matter.id" all give "matter_id".
func Normalise(name string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			if prevLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			prevLower = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			prevLower = true
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
			prevLower = false
		}
	}
	return strings.Trim(b.String(), "_")
}

// Suggest proposes a mapping for the operation's attributes from a Nexset
// schema: same names once normalised first (matterId → matter.id), then
// common synonyms (hours → quantity with hours_to_seconds, work_date → date),
// each with the conversion the types call for (date:DD/MM/YYYY when the
// examples can only be day first). Each source is used once.
func Suggest(op *clio.Operation, schema nexset.Schema) []Mapping {
	if op == nil {
		return nil
	}
	sources := map[string]nexset.Attr{}
	for _, a := range schema.Attrs {
		sources[Normalise(a.Path)] = a
	}
	used := map[string]bool{}
	var out []Mapping
	pick := func(leaf *clio.Leaf, src nexset.Attr) {
		used[src.Path] = true
		out = append(out, Mapping{Target: leaf.Path, Source: src.Path, Convert: conversionFor(op, leaf, src)})
	}
	leaves := op.Leaves()
	// Exact names first, so a synonym never steals an attribute that has its own target.
	var rest []*clio.Leaf
	for _, leaf := range leaves {
		if strings.Contains(leaf.Path, "[]") {
			continue
		}
		if src, ok := sources[Normalise(leaf.Path)]; ok && !used[src.Path] && !isObjectOnly(src) {
			pick(leaf, src)
			continue
		}
		rest = append(rest, leaf)
	}
	var unmapped []*clio.Leaf
	for _, leaf := range rest {
		found := false
		for _, syn := range synonyms[leaf.Path] {
			if src, ok := sources[syn]; ok && !used[src.Path] && !isObjectOnly(src) && fitsID(leaf, src) {
				pick(leaf, src)
				found = true
				break
			}
		}
		if !found {
			unmapped = append(unmapped, leaf)
		}
	}
	// A boolean whose source says the opposite (Billable? → non_billable)
	// is inverted, never sent the wrong way round.
	for _, leaf := range unmapped {
		if leaf.Attr.Type != "boolean" {
			continue
		}
		for _, a := range schema.Attrs {
			if !used[a.Path] && !isObjectOnly(a) && opposite(a.Path, leaf.Path) {
				used[a.Path] = true
				out = append(out, Mapping{Target: leaf.Path, Source: a.Path, Convert: "boolean:not"})
				break
			}
		}
	}
	out = append(out, suggestLookups(unmapped, sources, used)...)

	// Keep the catalogue's order so the result reads like the form.
	order := map[string]int{}
	for i, l := range leaves {
		order[l.Path] = i
	}
	slices.SortStableFunc(out, func(a, b Mapping) int { return order[a.Target] - order[b.Target] })
	return out
}

// fitsID keeps a name-like source (Activity: "Research") off an ID target
// (activity_description.id): only numbers, or text of digits, can be an ID.
func fitsID(leaf *clio.Leaf, src nexset.Attr) bool {
	if !strings.HasSuffix(leaf.Path, ".id") {
		return true
	}
	for _, ex := range src.Examples {
		if ex != "null" && strings.Trim(ex, "0123456789 ") != "" {
			return false
		}
	}
	return !slices.ContainsFunc(src.Types, func(t string) bool { return t == "boolean" || t == "object" || t == "array" })
}

// SuggestType proposes the required type of an Activity, which no Nexset
// column usually holds, as a constant from what else is mapped (ms, e.g.
// Suggest's result): a quantity of time makes a TimeEntry; a price without
// one, an ExpenseEntry. ok is false when type is mapped already or nothing
// tells.
func SuggestType(op *clio.Operation, ms []Mapping) (m Mapping, ok bool) {
	if op == nil || op.Data == nil {
		return Mapping{}, false
	}
	a := op.Data.Prop("type")
	has := func(target string) bool {
		return slices.ContainsFunc(ms, func(m Mapping) bool { return m.Target == target })
	}
	if a == nil || !op.Data.IsRequired("type") || has("type") {
		return Mapping{}, false
	}
	if slices.Contains(a.Enum, "Person") && (has("first_name") || has("last_name")) {
		return Mapping{Target: "type", Value: "Person", Const: true}, true
	}
	if !slices.Contains(a.Enum, "TimeEntry") || !slices.Contains(a.Enum, "ExpenseEntry") {
		return Mapping{}, false
	}
	switch {
	case has("quantity"):
		return Mapping{Target: "type", Value: "TimeEntry", Const: true}, true
	case has("price"):
		return Mapping{Target: "type", Value: "ExpenseEntry", Const: true}, true
	}
	return Mapping{}, false
}

func isObjectOnly(a nexset.Attr) bool {
	return len(a.Types) > 0 && !slices.ContainsFunc(a.Types, func(t string) bool { return t != "object" && t != "array" && t != "null" })
}

// conversionFor chooses the conversion a source needs to fit a target.
func conversionFor(op *clio.Operation, leaf *clio.Leaf, src nexset.Attr) string {
	has := func(t string) bool { return slices.Contains(src.Types, t) }
	text := has("string") || has("date")
	if leaf.Path == "quantity" && strings.Contains(op.Path, "activities") {
		n := Normalise(src.Path)
		switch {
		case strings.Contains(n, "min"):
			return "minutes_to_seconds"
		case n != "quantity":
			return "hours_to_seconds"
		}
	}
	switch a := leaf.Attr; {
	case a.Format == "date":
		// Dates that can only be day first (25/03/2024) get their layout,
		// so the rest of the Nexset (03/04/2024) is not read month first.
		if l := dayFirstLayout(src.Examples); l != "" {
			return l
		}
		return "date"
	case a.Format == "date-time":
		return "datetime"
	case a.Type == "integer" && text:
		return "integer"
	case a.Type == "number" && text && slices.ContainsFunc(src.Examples, func(e string) bool { return HasCurrency(e) }):
		// An amount written with its currency ($1,200.00, 80 EUR) is money.
		return "money"
	case a.Type == "number" && text:
		return "number"
	case a.Type == "boolean" && text:
		return "boolean"
	case a.Type == "string" && (has("integer") || has("number") || has("boolean")):
		return "string"
	}
	return ""
}
