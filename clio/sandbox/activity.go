package sandbox

import (
	"encoding/json"
	"math"
)

// hoursAlias maps the quantities that API ≤ 4.0.3 reports in hours to the stored hour values.
func hoursAlias(name string) string {
	switch name {
	case "quantity":
		return "quantity_in_hours"
	case "rounded_quantity":
		return "rounded_quantity_in_hours"
	}
	return name
}

// prepareActivity applies Clio's rules for activities to data before it is
// stored: quantity arrives in hours up to 4.0.3 and in seconds from 4.0.4.
func prepareActivity(c *apiCall, data map[string]any) {
	if q, ok := data["quantity"]; ok && c.hours() {
		if h, ok := toFloat(q); ok {
			data["quantity"] = h * 3600
		}
	}
}

// finishActivity fills what Clio computes: defaults, hours, price from the
// rate hierarchy (activity description, then user) and total.
func (s *Server) finishActivity(c *apiCall, o *object, patch map[string]any, created bool) {
	a := o.attrs
	if created {
		if _, ok := a["user"]; !ok {
			a["user"] = map[string]any{"id": c.userID}
		}
		for _, k := range []string{"billed", "on_bill", "flat_rate", "non_billable", "no_charge"} {
			if _, ok := a[k]; !ok {
				a[k] = false
			}
		}
	}
	secs, _ := toFloat(a["quantity"])
	if _, ok := a["quantity"]; !ok {
		a["quantity"] = json.Number("0")
	}
	hoursQ := secs / 3600
	a["quantity_in_hours"] = round(hoursQ, 4)
	a["rounded_quantity"] = a["quantity"]
	a["rounded_quantity_in_hours"] = a["quantity_in_hours"]

	_, priceSent := patch["price"]
	_, descSent := patch["activity_description"]
	_, userSent := patch["user"]
	_, matterSent := patch["matter"]
	// Clio resets the rate when description, user or matter change without a price.
	if a["type"] == "TimeEntry" && !priceSent && (created || descSent || userSent || matterSent) {
		a["price"] = s.rateFor(a)
	}
	price, _ := toFloat(a["price"])
	if a["price"] == nil {
		a["price"] = 0.0
	}
	switch a["type"] {
	case "TimeEntry":
		a["total"] = round(price*hoursQ, 2)
	default:
		units := 1.0
		if q, ok := toFloat(a["quantity"]); ok && q > 0 {
			units = q
		}
		a["total"] = round(price*units, 2)
	}
}

// rateFor is the hourly rate of a time entry: the activity description's own
// rate when it has one, else the user's.
func (s *Server) rateFor(a map[string]any) float64 {
	if id, ok := linkID(a["activity_description"]); ok {
		if d, ok := s.st.get("activity_descriptions", id); ok {
			for _, sd := range Seed.ActivityDescriptions {
				if sd.ID == d.id && sd.Rate > 0 {
					return sd.Rate
				}
			}
		}
	}
	if id, ok := linkID(a["user"]); ok {
		if u, ok := s.st.get("users", id); ok {
			if r, ok := toFloat(u.attrs["rate"]); ok {
				return r
			}
		}
	}
	return 0
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
