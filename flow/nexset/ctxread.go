package nexset

import "context"

// ctxReader makes blocking reads from a pipe (standard input) give way when
// ctx ends: the read runs on its own goroutine, which is left blocked until
// the pipe yields or the program exits.
type ctxReader struct {
	ctx   context.Context
	r     interface{ Read([]byte) (int, error) }
	res   chan chunk
	free  chan []byte
	cur   chunk
	start bool
}

type chunk struct {
	b   []byte
	n   int
	off int
	err error
}

func newCtxReader(ctx context.Context, r interface{ Read([]byte) (int, error) }) *ctxReader {
	return &ctxReader{ctx: ctx, r: r, res: make(chan chunk, 1), free: make(chan []byte, 2)}
}

func (c *ctxReader) pump() {
	for buf := range c.free {
		n, err := c.r.Read(buf)
		c.res <- chunk{b: buf, n: n, err: err}
		if err != nil {
			return
		}
	}
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if !c.start {
		c.start = true
		c.free <- make([]byte, 64<<10)
		c.free <- make([]byte, 64<<10)
		go c.pump()
	}
	for c.cur.off >= c.cur.n {
		if c.cur.err != nil {
			return 0, c.cur.err
		}
		if c.cur.b != nil {
			c.free <- c.cur.b // two buffers, two places: never blocks
			c.cur.b = nil
		}
		select {
		case <-c.ctx.Done():
			return 0, c.ctx.Err()
		case c.cur = <-c.res:
		}
	}
	n := copy(p, c.cur.b[c.cur.off:c.cur.n])
	c.cur.off += n
	return n, nil
}
