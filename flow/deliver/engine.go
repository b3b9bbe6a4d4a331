package deliver

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/lookup"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// engine is one run's shared state.
type engine struct {
	o       Options
	planner *flow.Planner
	prep    *flow.Planner // the planner without lookups, which every record read is prepared with first (lookups.go)
	run     int64
	start   time.Time
	dry     bool

	// stop is closed when the run must stop taking new work: ctx done,
	// paused, or a fatal error. sendCtx outlives it by the grace period.
	stop     chan struct{}
	stopOnce sync.Once
	sendCtx  context.Context // requests on the wire: outlives stop by the grace period
	waitCtx  context.Context // waits (pacer, backoff): ends with stop

	evMu sync.Mutex // serialises Events

	mu      sync.Mutex // guards the counters below
	s       Summary
	total   int
	fatal   error
	claimed map[int64]bool       // Clio ids claimed for records in doubt in this run (the ledger holds the rest)
	doubt   map[string]time.Time // keys of POSTs in doubt to look up before sending → first tried
	held    []*job               // POSTs in doubt, looked up once the rest is answered (reconcile.go)
	health  health               // recent answers: whether anything can succeed

	hooks *hookQueue

	rule     flowsync.OnChange // what a changed record gets (sync.go)
	updates  map[string]int64  // keys to send as an update → their object's Clio ID (dispatch goroutine only)
	byPos    bool              // no key attribute, and the ledger holds deliveries: match records by position
	settings string            // the planner's BodySettings: what a fingerprint's basis is made of (quick.go)
	keys     *flow.KeySet      // the Nexset's keys, read ahead (a keyed file only): what is absent now
	sync     syncCounts        // what sync found (sync.go), under mu

	lookups *lookup.Resolver // the run's look-ups (lookups.go); nil when it makes none
	find    *finder          // find-or-create (findby.go); nil without find_by

	// The record total: counted concurrently on files, known for certain
	// when reading reaches the end. totalMu orders the Total events.
	totalMu    sync.Mutex
	totalFinal bool          // the reader reached the end: the count's figure is moot
	countStop  func()        // ends the count; nil when none runs
	countDone  chan struct{} // closed when the count has returned
}

// Run delivers (or, on a dry run, checks) the destination's Nexset and
// returns the run's summary. The error is non-nil when the run could not
// start or stopped on a fatal problem (the ledger cannot be written, the
// Nexset cannot be read); records Clio refused are not errors, they are in
// the summary and the ledger. When ctx is done the run stops reading, lets
// in-flight requests finish (up to Options.Grace) and returns ctx's error
// with the summary (Interrupted).
func Run(ctx context.Context, o Options) (Summary, error) {
	if err := o.fill(); err != nil {
		return Summary{}, err
	}
	waited0 := o.Pacer.Waited() // a pacer may be shared with earlier runs
	e := &engine{o: o, start: time.Now(), dry: o.Mode == ledger.ModeDryRun, stop: make(chan struct{}),
		total: -1, claimed: map[int64]bool{}, doubt: map[string]time.Time{}}
	e.s.Mode = o.Mode
	e.planner = o.Planner
	if e.planner == nil {
		p, err := o.Destination.Plan()
		if err != nil {
			return Summary{}, err
		}
		e.planner = p
	}
	if err := e.startSync(); err != nil {
		return Summary{}, err
	}
	if !e.dry {
		// Held before anything is recovered: another run's in-flight
		// records are not a dead run's traces.
		lock, err := AcquireLock(LockPath(o.Ledger.Path()))
		if err != nil {
			return Summary{}, err
		}
		defer lock.Release()
		// Traces of a process that died mid-request become in doubt before
		// anything is marked in flight again.
		if _, err := o.Ledger.RecoverInFlight(); err != nil {
			return Summary{}, fmt.Errorf("recovering the previous run's in-flight records: %w", err)
		}
	}
	if err := e.checkIdentity(); err != nil {
		return Summary{}, err
	}
	lookups, err := e.newLookups()
	if err != nil {
		return Summary{}, err
	}
	e.lookups = lookups
	e.startFind()
	run, err := o.Ledger.StartRun(o.Mode)
	if err != nil {
		return Summary{}, fmt.Errorf("starting the run in the ledger: %w", err)
	}
	e.run, e.s.Run = run, run
	e.emit(Started{Run: run, Mode: o.Mode, Nexset: o.Destination.Nexset.Path, Time: e.start})

	sendCtx, cutSends := context.WithCancel(context.WithoutCancel(ctx))
	defer cutSends()
	e.sendCtx = sendCtx
	waitCtx, endWaits := context.WithCancel(sendCtx)
	defer endWaits()
	e.waitCtx = waitCtx
	e.prep = e.planner
	if lookups != nil {
		e.planner = e.planner.WithLookups(waitCtx, lookups)
	}
	go func() {
		select {
		case <-e.stop:
			endWaits()
		case <-waitCtx.Done():
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			e.halt(nil)
			t := time.NewTimer(o.Grace)
			defer t.Stop()
			select {
			case <-t.C:
				cutSends()
			case <-sendCtx.Done():
			}
		case <-sendCtx.Done():
		}
	}()

	e.hooks = newHookQueue(o.Webhook, e)
	jobs := make(chan *job, o.Concurrency*2)
	wait := e.work(jobs)
	tickDone := make(chan struct{})
	go e.tick(tickDone)

	readErr := e.dispatch(ctx, jobs)
	close(jobs)
	wait()
	e.settleHeld(readErr)
	if readErr == nil {
		e.totalMu.Lock()
		readAll := e.totalFinal && ctx.Err() == nil && !e.stopping()
		e.totalMu.Unlock()
		readErr = e.finishSync(readAll)
	}
	e.endCount(countGrace)
	close(tickDone)
	cutSends()
	e.hooks.close(o.WebhookDrain)

	e.mu.Lock()
	if readErr != nil && e.fatal == nil {
		e.fatal = readErr
	}
	fatal := e.fatal
	e.s.Elapsed = time.Since(e.start)
	// The pacer counts the union of the workers' real waits, so this is
	// within the run's time; the cap guards against clocks that differ.
	e.s.RateLimitWait = min(o.Pacer.Waited()-waited0, e.s.Elapsed)
	e.s.WebhookFailures, e.s.WebhookError = e.hooks.failures()
	e.s.Total = e.total
	if lookups != nil {
		e.s.LookupFailures = lookups.Stats().Failures - e.s.findMisses - e.s.unanswered
	}
	base := e.s.Records
	if o.Mode == ledger.ModeActivate && e.total > base {
		base = e.total // records not read (paused, stopped) are not sent either
	}
	e.s.Pending = base - e.s.Delivered - e.s.Failed - e.s.InDoubt - e.s.Skipped - e.s.Left
	if e.dry {
		e.s.Pending = 0
	}
	if ctx.Err() != nil || fatal != nil || e.s.Stopped != "" {
		e.s.Interrupted = true
	}
	switch {
	case fatal != nil:
		e.s.Err = fatal.Error()
	case ctx.Err() != nil:
		e.s.Err = "interrupted"
	case e.s.Stopped != "":
		e.s.Err = e.s.Stopped
	}
	sum := e.s
	e.mu.Unlock()

	e.emit(e.progress())
	if ferr := o.Ledger.FinishRun(run, sum.RunSummary); ferr != nil && !(ledger.IsDiskProblem(ferr) && ledger.IsDiskProblem(fatal)) {
		// (A disk the run's error already names full is said once.)
		fatal = errors.Join(fatal, fmt.Errorf("recording the run's summary: %w", ferr))
	}
	e.emit(Finished{Summary: sum})
	if fatal != nil {
		return sum, fatal
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, nil
}

// work starts the run's workers on jobs; the function returned waits
// until jobs is closed and every job taken is done.
func (e *engine) work(jobs <-chan *job) (wait func()) {
	var workers sync.WaitGroup
	for range e.o.Concurrency {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for j := range jobs {
				e.send(j)
				e.afterFind(j)
			}
		}()
	}
	return workers.Wait
}

// countGrace is how long a run that stopped before the end of its Nexset
// still lets the count finish, so that progress and the summary can say how
// many records there are. The count streams at disk speed; a small file is
// counted long before this.
const countGrace = 2 * time.Second

// startCount counts the Nexset's records beside the reading, with a context
// of its own: it must not end with the reading (a small file is read before
// it is counted). Files only, and not when following.
func (e *engine) startCount(ctx context.Context, count func(context.Context) (int, error)) {
	cctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	e.countStop, e.countDone = stop, make(chan struct{})
	go func() {
		defer close(e.countDone)
		if n, err := count(cctx); err == nil {
			e.setTotal(n, false)
		}
	}()
}

// endCount lets a running count finish within grace (at once when the
// total is already final), then ends it; Total is never sent after this.
func (e *engine) endCount(grace time.Duration) {
	if e.countDone == nil {
		return
	}
	e.totalMu.Lock()
	final := e.totalFinal
	e.totalMu.Unlock()
	if !final {
		t := time.NewTimer(grace)
		select {
		case <-e.countDone:
		case <-t.C:
		}
		t.Stop()
	}
	e.countStop()
	<-e.countDone
}

// setTotal records and announces the number of records; final is the
// reader's own figure at the end of the Nexset, which the count cannot
// overrule.
func (e *engine) setTotal(n int, final bool) {
	e.totalMu.Lock()
	defer e.totalMu.Unlock()
	if e.totalFinal {
		return
	}
	e.totalFinal = final
	e.mu.Lock()
	same := e.total == n
	e.total = n
	e.mu.Unlock()
	if !same {
		e.emit(Total{Records: n})
	}
}

// halt stops new work; a non-nil err is the fatal reason (the first wins).
func (e *engine) halt(err error) {
	if err != nil {
		e.mu.Lock()
		if e.fatal == nil {
			e.fatal = err
		}
		e.mu.Unlock()
	}
	e.stopOnce.Do(func() { close(e.stop) })
}

func (e *engine) stopping() bool {
	select {
	case <-e.stop:
		return true
	default:
		return false
	}
}

func (e *engine) emit(ev Event) {
	if e.o.Events == nil {
		return
	}
	e.evMu.Lock()
	defer e.evMu.Unlock()
	e.o.Events(ev)
}

func (e *engine) count(fn func(s *Summary)) {
	e.mu.Lock()
	fn(&e.s)
	e.mu.Unlock()
}

func (e *engine) progress() Progress {
	e.mu.Lock()
	defer e.mu.Unlock()
	el := time.Since(e.start)
	done := e.s.Delivered + e.s.Failed + e.s.InDoubt + e.s.Skipped + e.s.Left
	p := Progress{Read: e.s.Records, Done: done, Delivered: e.s.Delivered, Failed: e.s.Failed, InDoubt: e.s.InDoubt,
		Skipped: e.s.Skipped, Changed: e.s.Changed, Conflicts: e.s.Conflicts, Total: e.total, Requests: e.s.Requests, Elapsed: el, Pacing: e.o.Pacer.Pacing()}
	if w := e.o.Pacer.Waiting(); w >= time.Second {
		p.Waiting = w // a worker held this long is worth telling; shorter holds are just pace
	}
	if e.dry {
		p.Done = e.s.Records
	}
	if secs := el.Seconds(); secs > 0 {
		p.Rate = float64(p.Done) / secs
	}
	return p
}

// tick emits progress and polls the pause switch until done is closed.
func (e *engine) tick(done chan struct{}) {
	prog := time.NewTicker(e.o.ProgressInterval)
	defer prog.Stop()
	var poll <-chan time.Time
	if e.o.Paused != nil {
		t := time.NewTicker(e.o.PollInterval)
		defer t.Stop()
		poll = t.C
	}
	for {
		select {
		case <-done:
			return
		case <-prog.C:
			e.emit(e.progress())
		case <-poll:
			paused, err := e.o.Paused()
			if err != nil {
				continue // a file being rewritten; the next poll will tell
			}
			if paused && !e.stopping() {
				e.count(func(s *Summary) { s.Paused = true })
				e.halt(nil)
			}
		}
	}
}
