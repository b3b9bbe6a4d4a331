package sandbox

import (
	"net/http"
	"strings"

	"github.com/cliodest/cliodest/clio"
)

// catalogueOp finds the documented operation, answering 404 for a path the
// spec does not list and 405 for a listed path without that method.
func catalogueOp(method, path string) (*clio.Operation, *reply) {
	op, _, ok := clio.Lookup(method, path)
	if ok {
		return op, nil
	}
	if clio.Template(path) != "" {
		return nil, apiError(http.StatusMethodNotAllowed, "MethodNotAllowed",
			method+" is not allowed on "+path)
	}
	return nil, apiError(http.StatusNotFound, "NotFound", "no such endpoint: "+method+" "+path)
}

// validateBody applies the catalogue's rules (from Clio's OpenAPI description);
// warnings such as undocumented attributes are tolerated, as Clio ignores them.
func validateBody(op *clio.Operation, body []byte) *reply {
	var msgs []string
	for _, p := range op.Validate(body) {
		if !p.Warning {
			msgs = append(msgs, p.Message)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return apiError(http.StatusUnprocessableEntity, "UnprocessableEntity", strings.Join(msgs, "; "))
}
