package sandbox

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sync"
	"time"
)

// LogEntry is one line of the request log (Config.Log).
type LogEntry struct {
	Time   time.Time       `json:"time"` // RFC 3339 with nanoseconds
	Method string          `json:"method"`
	Path   string          `json:"path"`   // with the query; secret parameters masked
	Status int             `json:"status"` // 0 when the connection was dropped
	Body   json.RawMessage `json:"body,omitempty"`
	ID     int64           `json:"id,omitempty"`    // the created record's ID on a create
	Fault  string          `json:"fault,omitempty"` // error, slow or drop when one was injected
}

// secretParams never reach the log in clear, in a query or a form body.
var secretParams = map[string]bool{
	"access_token": true, "refresh_token": true, "client_secret": true,
	"code": true, "code_verifier": true, "token": true, "password": true,
}

const masked = "***"

func maskValues(v url.Values) url.Values {
	for k := range v {
		if secretParams[k] {
			v[k] = []string{masked}
		}
	}
	return v
}

// logBody keeps a JSON body as JSON (compacted to one line) and anything else,
// such as an OAuth form with its secrets masked, as a JSON string.
func logBody(body []byte, isForm bool) json.RawMessage {
	if len(body) == 0 {
		return nil
	}
	if isForm {
		if f, err := url.ParseQuery(string(body)); err == nil {
			body = []byte(maskValues(f).Encode())
		} else {
			body = []byte("(unparsable form)")
		}
	} else {
		var c bytes.Buffer
		if json.Compact(&c, body) == nil {
			return c.Bytes()
		}
	}
	s, _ := json.Marshal(string(body))
	return s
}

func (s *Server) logRequest(e LogEntry) {
	if s.cfg.Log == nil {
		return
	}
	line, err := json.Marshal(e)
	if err != nil {
		return // every field is marshalable; nothing to report
	}
	line = append(line, '\n')
	s.logMu.Lock()
	s.cfg.Log.Write(line)
	s.logMu.Unlock()
}

// ReadLog parses a request log written by a Server.
func ReadLog(r io.Reader) ([]LogEntry, error) {
	var out []LogEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e LogEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return out, fmt.Errorf("sandbox log line %d: %w", n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("sandbox log: %w", err)
	}
	return out, nil
}

// LogRecorder keeps a Server's request log in memory (Config.Log), safe to
// read with Entries while the server writes it.
type LogRecorder struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LogRecorder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// Entries parses the requests logged so far.
func (l *LogRecorder) Entries() ([]LogEntry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return ReadLog(bytes.NewReader(l.b.Bytes()))
}

// String is the log as written so far, one JSON line a request.
func (l *LogRecorder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
