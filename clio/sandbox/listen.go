package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// shutdownGrace bounds how long in-flight requests may finish after ctx ends.
const shutdownGrace = 5 * time.Second

// ListenAndServe binds addr (":0" picks a free port; an empty host means
// 127.0.0.1, since the sandbox is for this machine only) and serves s until ctx
// is done. baseURL is like http://127.0.0.1:8765; wait returns once the server
// has shut down, with the serve error if it failed.
func ListenAndServe(ctx context.Context, addr string, s *Server) (baseURL string, wait func() error, err error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", nil, fmt.Errorf("sandbox: address %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return "", nil, fmt.Errorf("sandbox: listen on %s: %w", net.JoinHostPort(host, port), err)
	}
	tcp := ln.Addr().(*net.TCPAddr)
	shown := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		shown = "127.0.0.1"
	}
	baseURL = "http://" + net.JoinHostPort(shown, fmt.Sprint(tcp.Port))

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	done := make(chan error, 1)
	go func() {
		var serveErr error
		select {
		case <-ctx.Done():
		case serveErr = <-served:
			done <- fmt.Errorf("sandbox: serve: %w", serveErr)
			return
		}
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		shutErr := srv.Shutdown(sctx)
		if serveErr = <-served; errors.Is(serveErr, http.ErrServerClosed) {
			serveErr = nil
		}
		done <- errors.Join(shutErr, serveErr)
	}()
	wait = sync.OnceValue(func() error { return <-done })
	return baseURL, wait, nil
}
