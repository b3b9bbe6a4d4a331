package sandbox

import (
	"fmt"
	"strings"
)

// finishMatter fills what Clio computes for a matter: on create the next
// matter number, a display number "00020-Client" from it and the client's
// last name (or name), and status Open; client_id always follows client.
func (s *Server) finishMatter(o *object, created bool) {
	a := o.attrs
	if id, ok := linkID(a["client"]); ok {
		a["client_id"] = id
	}
	if !created {
		return
	}
	if _, ok := a["status"]; !ok {
		a["status"] = "Open"
	}
	n := s.nextMatterNumber()
	a["number"] = n
	if dn, _ := a["display_number"].(string); dn == "" {
		a["display_number"] = fmt.Sprintf("%05d-%s", n, s.clientLabel(a["client_id"]))
	}
}

func (s *Server) nextMatterNumber() int64 {
	var highest int64
	for _, m := range s.st.coll("matters").items {
		if n, ok := toInt(m.attrs["number"]); ok && n > highest {
			highest = n
		}
	}
	return highest + 1
}

// clientLabel is the contact's last name, or its whole name for a company.
func (s *Server) clientLabel(id any) string {
	cid, ok := id.(int64)
	if !ok {
		return ""
	}
	c, ok := s.st.get("contacts", cid)
	if !ok {
		return ""
	}
	if last, _ := c.attrs["last_name"].(string); last != "" {
		return last
	}
	name, _ := c.attrs["name"].(string)
	return strings.TrimSpace(name)
}
