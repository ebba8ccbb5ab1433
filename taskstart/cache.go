package taskstart

import (
	"encoding/binary"
	"slices"
	"sync"

	"github.com/ecs-preflight/ecs-preflight/netpath"
)

// reachCache remembers network answers for one Simulate run. A Reach answer
// depends only on the compiled network, the ENI and the target, and tasks of
// many services share subnets, security groups and hosts: a bulk account
// asks the same few hundred questions thousands of times. Safe for
// concurrent use; the answers' slices are clipped, so that a caller that
// appends to one copies it instead of writing into the shared array.
type reachCache struct {
	net *netpath.Network
	mu  sync.Mutex
	m   map[string]netpath.Result
	// bests holds the answer for a set of ENIs (the worst of them), keyed
	// by the ENIs and the target: the tasks of a service, and services
	// placed alike, ask it for every call.
	bests map[string]netAnswer
	// targets holds the targets made for the run (serviceTarget).
	targets map[targetKey]netpath.Target
}

// localCache is a worker's copy of what it has read from the run's shared
// caches: the answers are the same (the shared caches make each once), and
// a worker that finds one here takes no lock. Two workers taking the same
// locks for every call were a tenth of a bulk run's time.
type localCache struct {
	bests     map[string]netAnswer
	targets   map[targetKey]netpath.Target
	endpoints map[string]managedAnswer
}

func newLocalCache() *localCache {
	return &localCache{bests: map[string]netAnswer{}, targets: map[targetKey]netpath.Target{}, endpoints: map[string]managedAnswer{}}
}

// targetKey is a target by what it is made of: a service endpoint, or the
// ECR layer bucket (service "").
type targetKey struct{ service, region, partition string }

func newReachCache(net *netpath.Network) *reachCache {
	return &reachCache{net: net, m: map[string]netpath.Result{}, bests: map[string]netAnswer{},
		targets: map[targetKey]netpath.Target{}}
}

// serviceTarget is netpath.ServiceTarget (service "": LayerBucketTarget),
// made once per run: every task calls the same few endpoints.
func (s *sim) serviceTarget(service, region, partition string) netpath.Target {
	build := func() netpath.Target {
		if service == "" {
			return netpath.LayerBucketTarget(region, partition)
		}
		return netpath.ServiceTarget(service, region, partition)
	}
	c := s.reaches
	if c == nil {
		return build()
	}
	k := targetKey{service, region, partition}
	if s.local != nil {
		if t, ok := s.local.targets[k]; ok {
			return t
		}
	}
	c.mu.Lock()
	t, ok := c.targets[k]
	c.mu.Unlock()
	if !ok {
		t = build()
		c.mu.Lock()
		c.targets[k] = t
		c.mu.Unlock()
	}
	if s.local != nil {
		s.local.targets[k] = t
	}
	return t
}

// appendKey appends s to a cache key, after its length: ids from the input
// can hold any byte, so no separator would keep two keys apart.
func appendKey(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendENI appends to a cache key what a Reach answer depends on of an
// ENI.
func appendENI(b []byte, eni netpath.ENI) []byte {
	b = appendKey(b, eni.SubnetID)
	b = binary.AppendUvarint(b, uint64(len(eni.SecurityGroupIDs)))
	for _, g := range eni.SecurityGroupIDs {
		b = appendKey(b, g)
	}
	if eni.AssignPublicIP {
		return append(b, 1)
	}
	return append(b, 0)
}

// appendTarget appends the target to a cache key.
func appendTarget(b []byte, t netpath.Target) []byte {
	for _, s := range [...]string{t.Service, t.Host, t.Region} {
		b = appendKey(b, s)
	}
	return binary.AppendVarint(b, int64(t.Port))
}

// best is the answer for the worst of enis: what sim.bestENI computes
// with an assignPublicIp the input resolves, once per distinct question.
func (c *reachCache) best(enis []netpath.ENI, t netpath.Target, local *localCache) netAnswer {
	var buf [512]byte
	b := buf[:0]
	b = binary.AppendUvarint(b, uint64(len(enis)))
	for _, eni := range enis {
		b = appendENI(b, eni)
	}
	b = appendTarget(b, t)
	if local != nil {
		if a, ok := local.bests[string(b)]; ok {
			return a
		}
		a := c.bestKeyed(b, enis, t)
		local.bests[string(b)] = a
		return a
	}
	return c.bestKeyed(b, enis, t)
}

// bestKeyed is best for the key b of enis and t.
func (c *reachCache) bestKeyed(b []byte, enis []netpath.ENI, t netpath.Target) netAnswer {
	c.mu.Lock()
	a, ok := c.bests[string(b)]
	c.mu.Unlock()
	if ok {
		return a
	}
	key := string(b)
	for i, eni := range enis {
		r := c.reach(eni, t)
		if i == 0 || netRank(r.Status) > netRank(a.res.Status) {
			a = netAnswer{res: r, subnet: eni.SubnetID}
		}
	}
	c.mu.Lock()
	c.bests[key] = a
	c.mu.Unlock()
	return a
}

// reach is net.Reach(eni, t), computed once per distinct question.
func (c *reachCache) reach(eni netpath.ENI, t netpath.Target) netpath.Result {
	// The key is built on the stack and looked up without a string
	// conversion (the compiler elides it in a map index): only a new
	// question allocates its key.
	var buf [256]byte
	b := appendTarget(appendENI(buf[:0], eni), t)
	c.mu.Lock()
	r, ok := c.m[string(b)]
	c.mu.Unlock()
	if ok {
		return r
	}
	key := string(b)
	r = c.net.Reach(eni, t)
	r.Path = slices.Clip(r.Path)
	r.Blocks = slices.Clip(r.Blocks)
	r.Missing = slices.Clip(r.Missing)
	r.Warnings = slices.Clip(r.Warnings)
	r.Assumptions = slices.Clip(r.Assumptions)
	c.mu.Lock()
	c.m[key] = r
	c.mu.Unlock()
	return r
}

// reachENI is the network answer for one ENI and target, from the run's
// cache when there is one.
func (s *sim) reachENI(eni netpath.ENI, t netpath.Target) netpath.Result {
	if s.reaches == nil {
		return s.net.Reach(eni, t)
	}
	return s.reaches.reach(eni, t)
}
