package sync

import "testing"

// TestBasis: each of the three inputs changes the basis, their order
// counts, and nothing is told without any of them.
func TestBasis(t *testing.T) {
	b := Basis("s", "h", "f:1")
	if b == 0 || b != Basis("s", "h", "f:1") {
		t.Fatalf("basis %d", b)
	}
	for _, o := range [][3]string{{"t", "h", "f:1"}, {"s", "i", "f:1"}, {"s", "h", "f:2"}, {"h", "s", "f:1"}, {"sh", "", "f:1"}} {
		if Basis(o[0], o[1], o[2]) == b {
			t.Errorf("%q has the basis of s, h, f:1", o)
		}
	}
	for _, o := range [][3]string{{"", "h", "f:1"}, {"s", "", "f:1"}, {"s", "h", ""}} {
		if Basis(o[0], o[1], o[2]) != 0 {
			t.Errorf("%q has a basis", o)
		}
	}
}
