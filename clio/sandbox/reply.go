package sandbox

import (
	"encoding/json"
	"net/http"
)

// reply is a handler's answer, built in full before anything is written so a
// fault can still drop the connection after the work is done.
type reply struct {
	status    int
	header    http.Header
	body      []byte
	createdID int64 // for the request log
}

func (r *reply) setHeader(k, v string) {
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set(k, v)
}

// apiError answers in Clio's API shape {"error":{"type","message"}}.
func apiError(status int, typ, msg string) *reply {
	type detail struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	}
	body, _ := json.Marshal(struct {
		Error detail `json:"error"`
	}{detail{typ, msg}})
	return &reply{status: status, body: body}
}

// oauthError answers in the OAuth shape {"error","error_description"}.
func oauthError(status int, code, desc string) *reply {
	body, _ := json.Marshal(struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}{code, desc})
	return &reply{status: status, body: body}
}

func jsonReply(status int, body []byte) *reply { return &reply{status: status, body: body} }

// write sends r on w.
func (r *reply) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	if len(r.body) > 0 && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(r.status)
	if len(r.body) > 0 {
		w.Write(r.body)
	}
}
