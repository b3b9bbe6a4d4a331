package deliver

// ToSend is how many records an activation after this dry run would send:
// those read, less the ones that fail before any request and those the
// ledger settles (delivered, in doubt, or failed earlier and left to
// retry). Both wizards' Save steps offer to send this many.
func (s Summary) ToSend() int {
	return max(0, s.Records-s.Failed-s.Skipped-s.InDoubt-s.Left)
}
