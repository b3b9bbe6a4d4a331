package flow

// sizedCalls is the batch call of items to path, halved until every body
// fits max_request_bytes: a grouping of many large records would otherwise
// be one request Clio refuses whole (413). A record alone that does not fit
// was already refused by Prepare.
func (p *Planner) sizedCalls(path string, items []Item) ([]Call, error) {
	c, err := p.call(path, items, true)
	if err != nil {
		return nil, err
	}
	if len(items) == 1 || p.checkSize(len(c.Body)) == nil {
		return []Call{c}, nil
	}
	half := len(items) / 2
	first, err := p.sizedCalls(path, items[:half])
	if err != nil {
		return nil, err
	}
	rest, err := p.sizedCalls(path, items[half:])
	if err != nil {
		return nil, err
	}
	return append(first, rest...), nil
}
