package clio

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSearchErrorHasOnePrefix(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler) // the connection drops: a transport error from Do
	}))
	defer srv.Close()
	h, err := ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := NewClient(Options{Host: h, HTTPClient: srv.Client()})
	_, err = c.Search(context.Background(), "matters", "smith", 5)
	if err == nil {
		t.Fatal("Search succeeded against a server that drops every connection")
	}
	msg := err.Error()
	if n := strings.Count(msg, "clio: "); n != 1 || !strings.HasPrefix(msg, "clio: search matters") || !strings.Contains(msg, "list /matters.json, page 1: GET ") {
		t.Errorf("error = %q, want one clio: prefix, then search, list and the request", msg)
	}
	if !IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = false: wrapping lost the transport error", err)
	}
	var ce *contextError
	if !errors.As(err, &ce) {
		t.Errorf("errors.As contextError failed for %v", err)
	}
}
