package taskstart

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Simulate runs the start phase of every task the options select against
// the world. The error is only for a simulation that could not run (a bad
// option, a named task definition or service missing from the input);
// everything the simulation finds is in the Result.
func Simulate(ctx context.Context, w *world.World, opts ...Option) (*Result, error) {
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
	// The network and the policies are compiled once for every task.
	network := netpath.Compile(w)
	res := &Result{Tasks: make([]Task, 0, len(targets))}
	for _, t := range targets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := newSim(w, network, t.td, t.svc, cache)
		res.Tasks = append(res.Tasks, s.run())
	}
	res.Verdict = fold(res.Tasks)
	return res, nil
}

type target struct {
	td  *world.TaskDefinition
	svc *world.Service
}

// selectTargets pairs each service with its task definition and adds the
// task definitions no service runs, in input order.
func selectTargets(w *world.World, o options) ([]target, error) {
	var out []target
	used := map[*world.TaskDefinition]bool{}
	for _, svc := range w.Services.All() {
		if o.service != "" && svc.ServiceName != o.service && svc.ServiceArn != o.service {
			continue
		}
		td := findTaskDefinition(w, svc.TaskDefinition)
		if o.taskDefinition != "" && (td == nil || !matchesTaskDefinition(td, o.taskDefinition)) {
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
	if o.service != "" {
		if len(out) == 0 {
			return nil, &NotFoundError{Kind: "service", Name: o.service}
		}
		return out, nil
	}
	for _, td := range w.TaskDefinitions.All() {
		if used[td] {
			continue
		}
		if o.taskDefinition != "" && !matchesTaskDefinition(td, o.taskDefinition) {
			continue
		}
		out = append(out, target{td: td})
	}
	if o.taskDefinition != "" && len(out) == 0 {
		return nil, &NotFoundError{Kind: "task definition", Name: o.taskDefinition}
	}
	if o.taskDefinition != "" && !strings.Contains(o.taskDefinition, ":") {
		out = latestOnly(out)
	}
	return out, nil
}

// latestOnly keeps, for a selection by family, only the highest revision.
func latestOnly(ts []target) []target {
	best := map[string]int{}
	for _, t := range ts {
		if t.td.Revision > best[t.td.Family] {
			best[t.td.Family] = t.td.Revision
		}
	}
	var out []target
	for _, t := range ts {
		if t.td.Revision == best[t.td.Family] {
			out = append(out, t)
		}
	}
	return out
}

// matchesTaskDefinition reports whether name (ARN, family:revision or
// family) names td.
func matchesTaskDefinition(td *world.TaskDefinition, name string) bool {
	if td.TaskDefinitionArn != "" && td.TaskDefinitionArn == name {
		return true
	}
	if strings.HasPrefix(name, "arn:") {
		// arn:aws:ecs:R:A:task-definition/family:rev
		if i := strings.Index(name, "task-definition/"); i >= 0 {
			name = name[i+len("task-definition/"):]
		}
	}
	if fam, rev, ok := strings.Cut(name, ":"); ok {
		n, err := strconv.Atoi(rev)
		return err == nil && td.Family == fam && td.Revision == n
	}
	return td.Family == name
}

// findTaskDefinition resolves a service's taskDefinition reference: an ARN,
// family:revision, or a family (highest revision).
func findTaskDefinition(w *world.World, ref string) *world.TaskDefinition {
	if td := w.TaskDefinitions.Get(ref); td != nil {
		return td
	}
	var cands []*world.TaskDefinition
	for _, td := range w.TaskDefinitions.All() {
		if matchesTaskDefinition(td, ref) {
			cands = append(cands, td)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Revision > cands[j].Revision })
	return cands[0]
}
