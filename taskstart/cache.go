package taskstart

import (
	"slices"
	"strconv"
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
}

func newReachCache(net *netpath.Network) *reachCache {
	return &reachCache{net: net, m: map[string]netpath.Result{}}
}

// reach is net.Reach(eni, t), computed once per distinct question.
func (c *reachCache) reach(eni netpath.ENI, t netpath.Target) netpath.Result {
	// The key is built on the stack and looked up without a string
	// conversion (the compiler elides it in a map index): only a new
	// question allocates its key.
	var buf [256]byte
	b := append(buf[:0], eni.SubnetID...)
	for _, g := range eni.SecurityGroupIDs {
		b = append(b, 0)
		b = append(b, g...)
	}
	b = append(b, 1)
	b = strconv.AppendBool(b, eni.AssignPublicIP)
	for _, s := range [...]string{t.Service, t.Host, t.Region} {
		b = append(b, 1)
		b = append(b, s...)
	}
	b = append(b, 1)
	b = strconv.AppendInt(b, int64(t.Port), 10)
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
