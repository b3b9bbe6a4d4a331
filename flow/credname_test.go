package flow

import "testing"

// A pasted token must never be saved as a credential's name, and ordinary
// names must not be mistaken for tokens.
func TestCredentialThatLooksLikeAToken(t *testing.T) {
	tests := []struct {
		credential string
		token      bool
	}{
		{"8f2d3c4b5a6978675645342312aabbccddeeff", true},
		{"60OdRo2TmWNF-T7qXhW2A-PQypto3NFS", true}, // the sandbox's token shape
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", true},
		{"firm", false},
		{"firm-production-2024", false},
		{"Jane Doe (US) 2024 ABC", false},
		{"MyFirmProductionAccount1", false},
		{"jane@firm.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.credential, func(t *testing.T) {
			d := New("n")
			d.Nexset.Path = "a.csv"
			d.Endpoint = Endpoint{Template: CreateTask}
			d.Credential = tt.credential
			flagged := false
			for _, p := range checkConfig(d).Errors() {
				if p.Field == "credential" && p.Message == "looks like a token; a destination names a saved credential (cliodest login), never holds a secret" {
					flagged = true
				}
			}
			if flagged != tt.token {
				t.Errorf("flagged as a token: %v, want %v (%v)", flagged, tt.token, checkConfig(d))
			}
		})
	}
}
