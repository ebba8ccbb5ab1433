package taskstart

import (
	"context"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Simulate runs the start phase of every task the options select against
// the world. The error is only for a simulation that could not run (a bad
// option, a named task definition or service missing from the input);
// everything the simulation finds is in the Result.
func Simulate(ctx context.Context, w *world.World, opts ...Option) (*Result, error) {
	var tasks []Task
	res, err := SimulateEach(ctx, w, func(t Task) error {
		tasks = append(tasks, t)
		return nil
	}, opts...)
	if err != nil {
		return nil, err
	}
	res.Tasks = tasks
	if res.Tasks == nil {
		res.Tasks = []Task{}
	}
	return res, nil
}

// SimulateEach is Simulate delivering the tasks one at a time, in the
// order Simulate lists them, so that a caller can write each as it comes
// and keep none: fn is called for every task, from the calling goroutine.
// The tasks are simulated in parallel, by up to GOMAXPROCS workers, a
// bounded number ahead of fn. The Result has everything but the tasks
// (Tasks is nil): the run's verdict, folded from the delivered tasks, and
// the region and account. An error from fn stops the run and is returned.
func SimulateEach(ctx context.Context, w *world.World, fn func(Task) error, opts ...Option) (*Result, error) {
	return SimulateEachWith(ctx, w, func(Task) struct{} { return struct{}{} },
		func(t Task, _ struct{}) error { return fn(t) }, opts...)
}

// SimulateEachWith is SimulateEach where the worker that simulates a task
// also runs prepare on it, and fn gets the task with what prepare
// returned: the costly part of writing a task (encoding it) then runs in
// parallel too, and fn only writes, in order. prepare must be safe for
// concurrent use.
func SimulateEachWith[T any](ctx context.Context, w *world.World, prepare func(Task) T, fn func(Task, T) error, opts ...Option) (*Result, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	targets, err := selectTargets(w, o)
	if err != nil {
		return nil, err
	}
	cache := newPolicyCache()
	now := o.clock()
	// The network and the policies are compiled once for every task, and
	// network answers are shared between tasks.
	network := netpath.Compile(w, o.netOptions()...)
	reaches := newReachCache(network)
	res := Settings(w)
	type done struct {
		task     Task
		prepared T
	}
	// Each worker takes a local cache for the task it simulates (a pool
	// hands one to one goroutine at a time).
	locals := sync.Pool{New: func() any { return newLocalCache() }}
	run := func(i int) done {
		local := locals.Get().(*localCache)
		defer locals.Put(local)
		s := newSim(w, network, targets[i].td, targets[i].svc, cache)
		s.reaches = reaches
		s.local = local
		s.assumeDefaults = o.assumeDefaults
		s.now = now
		t := s.run()
		return done{t, prepare(t)}
	}
	worst := OK
	deliver := func(d done) error {
		worst = worse(worst, d.task.Verdict.status())
		return fn(d.task, d.prepared)
	}
	if err := inOrder(ctx, len(targets), runtime.GOMAXPROCS(0), run, deliver); err != nil {
		return nil, err
	}
	res.Verdict = verdictFor(worst)
	return res, nil
}

// inOrder computes work(0), ..., work(n-1) on up to workers goroutines and
// calls deliver with each result in index order, from the calling
// goroutine. At most a few results per worker wait for delivery, so memory
// stays bounded whatever n is. It stops at the first error of deliver or
// of ctx.
func inOrder[T any](ctx context.Context, n, workers int, work func(int) T, deliver func(T) error) error {
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := deliver(work(i)); err != nil {
				return err
			}
		}
		return nil
	}
	// A slot is one result, or the panic of the work that was to give it,
	// raised again in the caller's goroutine as if the work ran there.
	type slot struct {
		v        T
		panicked bool
		p        any
	}
	type job struct {
		i   int
		out chan slot
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	// pending holds the result slots in index order; its capacity bounds
	// how far the workers run ahead of delivery.
	pending := make(chan chan slot, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				func() {
					defer func() {
						if p := recover(); p != nil {
							j.out <- slot{panicked: true, p: p}
						}
					}()
					j.out <- slot{v: work(j.i)}
				}()
			}
		}()
	}
	go func() {
		defer close(pending)
		defer close(jobs)
		for i := range n {
			out := make(chan slot, 1)
			select {
			case pending <- out:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{i, out}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var (
		err     error
		crashed *slot
	)
	for out := range pending {
		if err = ctx.Err(); err != nil {
			break
		}
		s := <-out
		if s.panicked {
			crashed = &s
			break
		}
		if err = deliver(s.v); err != nil {
			break
		}
	}
	cancel()
	// Drain: the feeder stops on cancel and result slots are buffered, so
	// the workers finish what they hold; wait for them so that no work
	// outlives the call.
	for range pending {
	}
	wg.Wait()
	if crashed != nil {
		panic(crashed.p)
	}
	return err
}

// Settings is the Result of a simulation of w before any task: the region
// and the account the tasks run in, with how each is known or what is
// missing. A renderer that streams tasks (SimulateEach) writes it first.
func Settings(w *world.World) *Result {
	return &Result{
		Region:  provenance(w.Region, w.RegionFrom, regionMissing),
		Account: provenance(w.AccountID, w.AccountFrom, accountMissing),
	}
}

// What supplies the region and the account when the input does not say.
const (
	regionMissing  = "the region the tasks run in (--region)"
	accountMissing = "the AWS account the tasks run in (--account)"
)

type target struct {
	td  *world.TaskDefinition
	svc *world.Service
}

// selectTargets decides which tasks to simulate, the way ECS resolves a
// task definition name:
//
//   - A service runs the revision its taskDefinition names (DescribeServices
//     returns the ARN with the revision), whatever that revision's status:
//     ECS API "DeregisterTaskDefinition": "Existing tasks and services that
//     reference an INACTIVE task definition continue to run without
//     disruption."
//   - A family alone means its latest ACTIVE revision: ECS API "RunTask",
//     "CreateService": "If a revision isn't specified, the latest ACTIVE
//     revision is used."
//
// Without WithTaskDefinition: every service with the revision it runs, then
// every task definition no service runs, except revisions that are not
// ACTIVE: "You can't use an INACTIVE task definition to run new tasks or
// create new services" (ECS API "DeregisterTaskDefinition").
//
// WithTaskDefinition(ARN or family:revision): that revision, whatever its
// status — with every service that runs it, else on its own.
//
// WithTaskDefinition(family): every service whose task definition belongs
// to the family, each with the revision it runs (older ones included: that
// is what their tasks start with), and the family's latest ACTIVE revision
// on its own when no service runs it (what RunTask with the family would
// start).
//
// WithService restricts the services; a service that does not match the
// task definition selection is left out.
func selectTargets(w *world.World, o options) ([]target, error) {
	var sel tdName
	if o.taskDefinition != "" {
		var ok bool
		if sel, ok = parseTDName(o.taskDefinition); !ok {
			return nil, &NotFoundError{Kind: "task definition", Name: o.taskDefinition}
		}
	}
	var out []target
	used := map[*world.TaskDefinition]bool{}
	for _, svc := range w.Services.All() {
		if o.service != "" && svc.ServiceName != o.service && svc.ServiceArn != o.service {
			continue
		}
		td := findTaskDefinition(w, svc.TaskDefinition)
		if o.taskDefinition != "" && !sel.selects(svc.TaskDefinition, td) {
			continue
		}
		if td == nil {
			// The service names a task definition the input lacks: simulate
			// what can be (nothing), and say what is missing.
			td = &world.TaskDefinition{Family: svc.TaskDefinition, Unknown: map[string]string{
				"taskDefinition": "ecs:DescribeTaskDefinition for " + svc.TaskDefinition,
			}}
		}
		used[td] = true
		out = append(out, target{td: td, svc: svc})
	}
	switch {
	case o.service != "":
		// A service asked for is simulated with what it runs, only.
	case o.taskDefinition == "":
		for _, td := range w.TaskDefinitions.All() {
			if !used[td] && active(td) {
				out = append(out, target{td: td})
			}
		}
	case sel.revision == 0:
		if td := latestActive(w, sel.family); td != nil && !used[td] {
			out = append(out, target{td: td})
		}
	default:
		for _, td := range w.TaskDefinitions.All() {
			if !used[td] && sel.matches(td) {
				out = append(out, target{td: td})
			}
		}
	}
	if len(out) == 0 && o.service != "" {
		return nil, &NotFoundError{Kind: "service", Name: o.service}
	}
	if len(out) == 0 && o.taskDefinition != "" {
		return nil, &NotFoundError{Kind: "task definition", Name: o.taskDefinition}
	}
	if o.keep != nil {
		out = slices.DeleteFunc(out, func(t target) bool { return !o.keep(t.td, t.svc) })
	}
	return out, nil
}

// tdName is a task definition named as the ECS API accepts it: a full ARN
// (arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION),
// family:revision, or a family alone (revision 0).
type tdName struct {
	arn      string
	family   string
	revision int
}

// parseTDName reads a task definition name; ok is false for anything that
// is none of the three forms.
func parseTDName(s string) (n tdName, ok bool) {
	rest := s
	if strings.HasPrefix(s, "arn:") {
		p, isARN := parseARN(s)
		res, isTD := strings.CutPrefix(p.resource, "task-definition/")
		if !isARN || !isTD || p.service != "ecs" {
			return tdName{}, false
		}
		n.arn, rest = s, res
	}
	fam, rev, hasRev := strings.Cut(rest, ":")
	if hasRev {
		r, err := strconv.Atoi(rev)
		if err != nil || r < 1 {
			return tdName{}, false
		}
		n.revision = r
	}
	n.family = fam
	return n, fam != ""
}

// matches reports whether n names td: the same family and, when n has one,
// the same revision (and the same ARN when both have one).
func (n tdName) matches(td *world.TaskDefinition) bool {
	if td.Family != n.family || (n.revision != 0 && td.Revision != n.revision) {
		return false
	}
	return n.arn == "" || n.revision == 0 || td.TaskDefinitionArn == "" || td.TaskDefinitionArn == n.arn
}

// selects reports whether a service whose taskDefinition is ref (resolved
// to td, nil when the input lacks it) is selected by n.
func (n tdName) selects(ref string, td *world.TaskDefinition) bool {
	if td != nil {
		return n.matches(td)
	}
	r, ok := parseTDName(ref)
	return ok && r.family == n.family && (n.revision == 0 || r.revision == n.revision)
}

// active reports whether a revision can start new tasks. A revision whose
// status the input does not give (one a template registers) is taken as
// ACTIVE, which a new registration is.
func active(td *world.TaskDefinition) bool {
	return td.Status == "" || td.Status == "ACTIVE"
}

// latestActive returns the family's highest ACTIVE revision, or nil.
func latestActive(w *world.World, family string) *world.TaskDefinition {
	var best *world.TaskDefinition
	for _, td := range w.TaskDefinitions.All() {
		if td.Family == family && active(td) && (best == nil || td.Revision > best.Revision) {
			best = td
		}
	}
	return best
}

// findTaskDefinition resolves a service's taskDefinition reference: an ARN
// or family:revision is that revision whatever its status, a family alone
// its latest ACTIVE revision (ECS API "CreateService").
func findTaskDefinition(w *world.World, ref string) *world.TaskDefinition {
	if td := w.TaskDefinitions.Get(ref); td != nil {
		return td
	}
	n, ok := parseTDName(ref)
	if !ok {
		return nil
	}
	if n.revision == 0 {
		return latestActive(w, n.family)
	}
	for _, td := range w.TaskDefinitions.All() {
		if n.matches(td) {
			return td
		}
	}
	return nil
}
