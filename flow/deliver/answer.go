package deliver

import (
	"fmt"
	"mime"
	"net/http"

	"github.com/cliodest/cliodest/clio"
)

// noObject checks a 2xx answer for what proves Clio applied the request:
// its JSON with data.id for every record the call carries. A create or an
// update answered otherwise (a proxy's maintenance page, text/plain, an
// empty 200) has not shown its object; the error says what came instead.
// A DELETE needs no object.
func noObject(method string, status int, header http.Header, body []byte, n int) error {
	if method == http.MethodDelete {
		return nil
	}
	ids := clioIDs(body, n)
	for _, id := range ids {
		if id <= 0 {
			return fmt.Errorf("answered %d without the object's id (%s): %s", status, answerKind(header, body), objectAdvice(method))
		}
	}
	return nil
}

// answerKind describes an answer's body in a few words, for the ledger.
func answerKind(header http.Header, body []byte) string {
	ct := header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		ct = mt
	}
	if ct == "" {
		ct = "no content type"
	}
	if len(body) == 0 {
		return "an empty body, " + ct
	}
	return fmt.Sprintf("%s %q", ct, clio.Snippet(body))
}

func objectAdvice(method string) string {
	if method == http.MethodPost {
		return "the object may exist; retry --in-doubt looks it up"
	}
	return "the change is not confirmed; retry sends it again"
}
