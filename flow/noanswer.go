package flow

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"syscall"
)

// NoAnswer says, in the user's words, why a test send got no answer from
// Clio (a test send's error when its status is 0): what happened, whether the
// request may have reached Clio, and what to do. The command, the wizard
// and accessible mode all show this one sentence.
func NoAnswer(err error) string {
	var dns *net.DNSError
	var ne net.Error
	var op *net.OpError
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	notSent := "nothing reached Clio; check that the server is running and its address (--base-url, or the credential's host) is right, then send again"
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled; Clio may still have received it: look in Clio before sending again"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "no answer from Clio: connection refused; " + notSent
	case errors.As(err, &dns):
		return "no answer from Clio: host " + dns.Name + " not found; " + notSent
	case errors.As(err, &unknownCA), errors.As(err, &badHost):
		return "Clio's certificate is not trusted (" + err.Error() + "); nothing was sent"
	case errors.As(err, &op) && op.Op == "dial":
		return "no answer from Clio: " + op.Err.Error() + "; " + notSent
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "the connection to Clio was lost before it answered; Clio may still have received the request: look in Clio before sending again"
	case err == nil:
		return "no answer from Clio"
	}
	return "no answer from Clio: " + err.Error()
}
