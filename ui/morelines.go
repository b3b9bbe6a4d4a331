package ui

import "fmt"

// moreAbove and moreBelow are the lines a list cut to the screen shows
// where it is cut: how many items are out of sight there ("" when none).
func moreAbove(st *styles, n int) string {
	if n <= 0 {
		return ""
	}
	return st.dim.Render(fmt.Sprintf("  ↑ %d more above", n)) + "\n"
}

func moreBelow(st *styles, n int) string {
	if n <= 0 {
		return ""
	}
	return st.dim.Render(fmt.Sprintf("  ↓ %d more below", n)) + "\n"
}
