package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// todoStep is a temporary placeholder while the real step lands.
type todoStep struct{ name string }

func (s *todoStep) enter(*model) tea.Cmd { return nil }
func (s *todoStep) update(m *model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" {
		return m.next()
	}
	return nil
}
func (s *todoStep) view(*model, int) string   { return s.name + " (not built yet; enter continues)" }
func (s *todoStep) keys(*model) []key.Binding { return nil }
func (s *todoStep) busy(*model) bool          { return false }

func newCredStep(*model) step     { return &todoStep{"Credential"} }
func newEndpointStep(*model) step { return &todoStep{"Endpoint"} }
func newMappingStep(*model) step  { return &todoStep{"Mapping"} }
func newExcludeStep(*model) step  { return &todoStep{"Exclude"} }
func newBatchingStep(*model) step { return &todoStep{"Batching"} }
func newWebhookStep(*model) step  { return &todoStep{"Webhook"} }
func newTestStep(*model) step     { return &todoStep{"Test"} }
func newSaveStep(*model) step     { return &todoStep{"Save"} }
