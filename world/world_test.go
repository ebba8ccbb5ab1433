package world

import (
	"slices"
	"testing"
)

func TestOriginString(t *testing.T) {
	for _, tc := range []struct {
		o    Origin
		want string
	}{
		{Origin{File: "stack.yaml", Line: 12, Path: "Resources.Vpc"}, "stack.yaml:12 Resources.Vpc"},
		{Origin{File: "stack.yaml", Line: 12, Column: 3, Path: "Resources.Vpc"}, "stack.yaml:12 Resources.Vpc"},
		{Origin{File: "account.json", Path: "$.ec2.DescribeSubnets.Subnets[2]"}, "account.json $.ec2.DescribeSubnets.Subnets[2]"},
		{Origin{File: "plan.json"}, "plan.json"},
		{Origin{Path: "aws_vpc.main"}, "aws_vpc.main"},
		{Origin{}, ""},
	} {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.o, got, tc.want)
		}
	}
}

// TestSetLookup checks the three answers of a lookup: found, proven absent
// (a complete listing, such as DescribeSubnets without a filter), and
// unknown (a partial listing, or no listing at all).
func TestSetLookup(t *testing.T) {
	complete := NewSet[Subnet]("ec2:DescribeSubnets", true)
	complete.Put("subnet-b", &Subnet{SubnetId: "subnet-b"})
	complete.Put("subnet-a", &Subnet{SubnetId: "subnet-a"})
	complete.Put("subnet-b", &Subnet{SubnetId: "subnet-b", CidrBlock: "10.0.1.0/24"})
	partial := NewSet[Subnet]("ec2:DescribeSubnets --subnet-ids", false)
	var unspoken Set[Subnet]
	for _, tc := range []struct {
		name          string
		set           *Set[Subnet]
		key           string
		found, absent bool
	}{
		{"in a complete listing", &complete, "subnet-a", true, false},
		{"missing from a complete listing", &complete, "subnet-z", false, true},
		{"missing from a partial listing", &partial, "subnet-z", false, false},
		{"no listing", &unspoken, "subnet-z", false, false},
		{"a stand-in in a complete listing", &complete, Unresolved("Ref Subnet"), false, false},
	} {
		v, found, absent := tc.set.Lookup(tc.key)
		if found != tc.found || absent != tc.absent || (v != nil) != tc.found {
			t.Errorf("%s: found %v absent %v (value %v), want %v %v", tc.name, found, absent, v, tc.found, tc.absent)
		}
	}
	if got := complete.Keys(); !slices.Equal(got, []string{"subnet-a", "subnet-b"}) {
		t.Errorf("Keys() = %v, want sorted", got)
	}
	all := complete.All()
	if len(all) != 2 || all[0].SubnetId != "subnet-b" || all[0].CidrBlock != "10.0.1.0/24" || complete.Len() != 2 {
		t.Errorf("All() = %+v, want insertion order with the replaced value", all)
	}
	if complete.Get("subnet-z") != nil || unspoken.Known || len(unspoken.All()) != 0 || len(unspoken.Keys()) != 0 {
		t.Error("Get of a missing key, or an unspoken set")
	}
}

// Grow sizes an empty set only: what a set holds, its order and its
// knownness stay as Put made them.
func TestSetGrow(t *testing.T) {
	for _, c := range []struct {
		name        string
		before      []string
		grow        int
		after, want []string
	}{
		{"empty, then filled", nil, 3, []string{"b", "a", "c"}, []string{"b", "a", "c"}},
		{"empty, more than grown", nil, 1, []string{"b", "a", "c"}, []string{"b", "a", "c"}},
		{"not empty: kept", []string{"x"}, 5, []string{"b", "x"}, []string{"x", "b"}},
		{"zero", nil, 0, []string{"a"}, []string{"a"}},
	} {
		var s Set[Subnet]
		for _, k := range c.before {
			s.Put(k, &Subnet{SubnetId: k})
		}
		s.Grow(c.grow)
		if s.Known != (len(c.before) > 0) {
			t.Errorf("%s: Known %v after Grow", c.name, s.Known)
		}
		for _, k := range c.after {
			s.Put(k, &Subnet{SubnetId: k})
		}
		var got []string
		for _, v := range s.All() {
			got = append(got, v.SubnetId)
		}
		if !slices.Equal(got, c.want) || s.Len() != len(c.want) {
			t.Errorf("%s: All %v, Len %d; want %v", c.name, got, s.Len(), c.want)
		}
	}
}
