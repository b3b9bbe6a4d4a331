package nexset

import (
	"runtime"
	"sync"
)

// Batches are cut at this many records or bytes: large enough to make the
// hand-over cheap, small enough to keep memory flat and the first record quick.
const (
	batchRecords = 128
	batchBytes   = 64 << 10
)

// pipeline decodes on several goroutines while keeping record order: one
// goroutine splits the input into batches, workers decode them, and Next
// takes batches in the order they were split. Decoding (building maps) is
// most of the cost, so it is what runs in parallel.
type pipeline struct {
	order chan *batch // batches in input order
	free  chan *batch // batches allocated per reader: one per worker, one splitting, one being read, one spare
	quit  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup // goroutines still running; tests wait on it
	cur   *batch
	i     int
}

// workers is how many goroutines decode; 1 means no pipeline at all.
func workers() int { return min(runtime.GOMAXPROCS(0), 4) }

func newPipeline(f recordFormat, n int) *pipeline {
	inFlight := n + 3
	p := &pipeline{
		order: make(chan *batch, inFlight),
		free:  make(chan *batch, inFlight),
		quit:  make(chan struct{}),
	}
	for range inFlight {
		p.free <- &batch{}
	}
	work := make(chan *batch, inFlight)
	p.wg.Add(1 + n)
	go p.split(f, work)
	for range n {
		go p.decode(f, work)
	}
	return p
}

func (p *pipeline) split(f recordFormat, work chan<- *batch) {
	defer p.wg.Done()
	defer close(work)
	for {
		var b *batch
		select {
		case b = <-p.free:
		case <-p.quit:
			return
		}
		b.reset()
		b.done = make(chan struct{})
		for len(b.recs) < batchRecords && b.size() < batchBytes {
			if err := f.split(b); err != nil {
				b.end = err
				break
			}
		}
		// order first: the batch is then owned by the worker that takes it.
		select {
		case p.order <- b:
		case <-p.quit:
			return
		}
		work <- b // buffered for inFlight batches: never blocks
		if b.end != nil {
			return
		}
	}
}

func (p *pipeline) decode(f recordFormat, work <-chan *batch) {
	defer p.wg.Done()
	var d valueDecoder
	for b := range work {
		for _, r := range b.recs {
			rec, err := decodeOne(f, &d, b, r)
			b.out = append(b.out, result{rec, err})
		}
		close(b.done)
	}
}

func (p *pipeline) next() (Record, error) {
	for {
		if p.cur != nil {
			if p.i < len(p.cur.out) {
				r := p.cur.out[p.i]
				p.i++
				return r.rec, r.err
			}
			if p.cur.end != nil {
				return Record{}, p.cur.end
			}
			p.free <- p.cur // one place per batch: never blocks
			p.cur = nil
		}
		b := <-p.order
		<-b.done
		p.cur, p.i = b, 0
	}
}

// close stops the goroutines without waiting for them: a split blocked
// reading a pipe ends only when the pipe yields or is closed.
func (p *pipeline) close() {
	p.once.Do(func() { close(p.quit) })
}
