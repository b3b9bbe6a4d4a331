package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
)

// swappingSource hands out a first token until Invalidate, then a second one:
// the shape of a credential that is refreshed after Clio rejects it.
type swappingSource struct {
	mu            sync.Mutex
	first, second string
	invalidated   int
}

func (s *swappingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.invalidated > 0 {
		return &oauth2.Token{AccessToken: s.second}, nil
	}
	return &oauth2.Token{AccessToken: s.first}, nil
}

func (s *swappingSource) Invalidate() {
	s.mu.Lock()
	s.invalidated++
	s.mu.Unlock()
}

func newClioClient(t *testing.T, e *env, ts oauth2.TokenSource) *clio.Client {
	t.Helper()
	host, err := clio.ParseBaseURL(e.srv.URL)
	if err != nil {
		t.Fatalf("ParseBaseURL(%s): %v", e.srv.URL, err)
	}
	if ts == nil {
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.token})
	}
	return clio.NewClient(clio.Options{Host: host, TokenSource: ts, HTTPClient: e.srv.Client()})
}

func TestWithClioClient(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, Config{RateLimit: 40})
	c := newClioClient(t, e, nil)

	u, err := c.WhoAmI(ctx)
	if err != nil || u.ID != UserJane || u.Name != "Jane Doe" || u.Email != "jane@firm.example" {
		t.Fatalf("WhoAmI = %+v, %v", u, err)
	}
	data, resp, err := c.Create(ctx, "/activities.json", map[string]any{
		"type": "TimeEntry", "date": "2025-03-01", "quantity": 1800, "matter": map[string]any{"id": MatterAcmeLease},
	}, "id,etag,total")
	if err != nil || resp.Status != 201 || resp.APIVersion != clio.DefaultAPIVersion {
		t.Fatalf("Create: %v, %+v", err, resp)
	}
	var created struct {
		ID    int64   `json:"id"`
		Etag  string  `json:"etag"`
		Total float64 `json:"total"`
	}
	if err := json.Unmarshal(data, &created); err != nil || created.ID != FirstActivityID || created.Total != 175 {
		t.Fatalf("created %s: %v", data, err)
	}
	if rl := c.LastRateLimit(); !rl.Known || rl.Limit != 40 || rl.Remaining != 38 {
		t.Fatalf("rate limit seen by the client: %+v", rl)
	}
	path := fmt.Sprintf("/activities/%d.json", created.ID)
	if _, _, err := c.Update(ctx, path, map[string]any{"note": "x"}, `"stale"`, ""); !isStatus(err, 412) {
		t.Fatalf("Update with a stale etag: %v, want a 412 APIError", err)
	}
	if _, _, err := c.Update(ctx, path, map[string]any{"note": "x"}, created.Etag, "note"); err != nil {
		t.Fatalf("Update: %v", err)
	}
	_, _, err = c.Create(ctx, "/tasks.json", map[string]any{"name": "n", "description": "d"}, "")
	var apiErr *clio.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Type != "UnprocessableEntity" || apiErr.Message == "" {
		t.Fatalf("task without assignee: %v, want a 422 UnprocessableEntity APIError", err)
	}

	var seen []int64
	err = c.List(ctx, "/matters.json", url.Values{"limit": {"3"}, "fields": {"id"}}, func(raw json.RawMessage) error {
		var m struct{ ID int64 }
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		seen = append(seen, m.ID)
		return nil
	})
	if err != nil || len(seen) != len(Seed.Matters) || seen[0] != MatterSmithContract {
		t.Fatalf("List matters: %v, %v", seen, err)
	}
	items, err := c.Search(ctx, "matters", "acme", 10)
	if err != nil || len(items) != 2 || items[0].ID != MatterAcmeLease {
		t.Fatalf("Search matters acme = %+v, %v", items, err)
	}
}

func TestClientRetriesOnceAfterInvalidToken(t *testing.T) {
	e := newEnv(t, Config{})
	ts := &swappingSource{first: "revoked-or-unknown", second: e.token}
	c := newClioClient(t, e, ts)
	if u, err := c.WhoAmI(context.Background()); err != nil || u.ID != UserJane {
		t.Fatalf("WhoAmI after one invalid token = %+v, %v", u, err)
	}
	if ts.invalidated != 1 {
		t.Fatalf("Invalidate called %d times, want 1", ts.invalidated)
	}
}

func TestOAuth2LibraryAgainstSandbox(t *testing.T) {
	e := newEnv(t, Config{})
	conf := &oauth2.Config{
		ClientID: "app", ClientSecret: "s3cret", RedirectURL: testRedirect,
		Endpoint: oauth2.Endpoint{AuthURL: e.srv.URL + "/oauth/authorize", TokenURL: e.srv.URL + "/oauth/token"},
	}
	verifier := oauth2.GenerateVerifier()
	authURL, err := url.Parse(conf.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)))
	if err != nil {
		t.Fatal(err)
	}
	_, q := e.authorize(authURL.Query())
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.srv.Client())
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" || tok.Expiry.IsZero() {
		t.Fatalf("Exchange = %+v, %v", tok, err)
	}
	e.token = tok.AccessToken
	if r := e.call("GET", "/api/v4/users/who_am_i.json", ""); r.status != http.StatusOK {
		t.Fatalf("who_am_i with the exchanged token: %d", r.status)
	}
}

func isStatus(err error, status int) bool {
	var apiErr *clio.APIError
	return errors.As(err, &apiErr) && apiErr.Status == status
}
