package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
)

func TestConcurrentCreates(t *testing.T) {
	const workers, each = 8, 25
	e := newEnv(t, Config{RateLimit: -1})
	ids := make(chan int64, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				req, _ := http.NewRequest("POST", e.srv.URL+"/api/v4/tasks.json?fields=id",
					bytes.NewBufferString(`{"data":{"name":"n","description":"d","assignee":{"id":1002,"type":"User"}}}`))
				req.Header.Set("Authorization", "Bearer "+e.token)
				resp, err := e.srv.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var d struct{ Data struct{ ID int64 } }
				if resp.StatusCode != 201 || json.Unmarshal(body, &d) != nil {
					t.Errorf("create: %d %s", resp.StatusCode, body)
					return
				}
				ids <- d.Data.ID
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] || id < FirstTaskID || id >= FirstTaskID+workers*each {
			t.Fatalf("ID %d repeated or out of range", id)
		}
		seen[id] = true
	}
	if len(seen) != workers*each || e.s.Count("tasks") != len(Seed.Tasks)+workers*each || e.s.Created("tasks") != workers*each {
		t.Fatalf("%d IDs, Count %d, Created %d; want %d created beside %d seeded", len(seen), e.s.Count("tasks"), e.s.Created("tasks"), workers*each, len(Seed.Tasks))
	}
}
