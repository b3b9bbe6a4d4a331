package flow

import "testing"

func TestSecretHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"X-Api-Key":        true,
		"x-auth-token":     true,
		"XApiKey":          true,
		"X-Client-Secret":  true,
		"Cookie":           true,
		"X-Session":        true,
		"X-Author":         false,
		"Idempotency-Key":  false,
		"X-Request-Source": false,
		"Accept-Language":  false,
		"X-Keywords":       false,
	} {
		if got := secretHeader(name); got != want {
			t.Errorf("secretHeader(%q) = %v, want %v", name, got, want)
		}
	}
}
