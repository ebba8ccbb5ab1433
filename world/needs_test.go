package world

import (
	"slices"
	"testing"
)

// docs/snapshot.md "Completeness rules": only a complete set proves a
// resource absent; a miss on an unknown or partial set is a fact to read.
func TestNeedsRecordedOnlyWhereTheAnswerIsUnknown(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/x"
	tests := []struct {
		name string
		set  Set[Role]
		key  string
		want []Need
	}{
		{"unknown set: the read that fills it", Set[Role]{}, role, []Need{{"iam:GetRole", role}}},
		{"partial set (per-resource reads): read this one", NewSet[Role]("iam:GetRole", false), role, []Need{{"iam:GetRole", role}}},
		{"complete set proves absence: nothing to read", NewSet[Role]("iam:GetRole", true), role, nil},
		{"a value known only after deploy is never read", Set[Role]{}, Unresolved("role of the stack"), nil},
		{"found: nothing to read", func() Set[Role] {
			s := NewSet[Role]("iam:GetRole", false)
			s.Put(role, &Role{Arn: role})
			return s
		}(), role, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log NeedLog
			w := &World{Roles: tt.set}
			w.RecordNeeds(&log)
			w.Roles.Lookup(tt.key)
			w.Roles.Get(tt.key)
			if got := log.Needs(); !slices.Equal(got, tt.want) {
				t.Errorf("needs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNeedsOffByDefault(t *testing.T) {
	w := &World{}
	w.Subnets.Lookup("subnet-1") // no log: must not panic or record
	var l *NeedLog
	l.Add("ec2:DescribeSubnets", "subnet-1")
	if l.Needs() != nil {
		t.Error("nil log recorded a need")
	}
}

func TestNeedsSortedAndDeduplicated(t *testing.T) {
	var l NeedLog
	l.Add("iam:GetRole", "b")
	l.Add("ec2:DescribeSubnets", "s")
	l.Add("iam:GetRole", "a")
	l.Add("iam:GetRole", "b")
	want := []Need{{"ec2:DescribeSubnets", "s"}, {"iam:GetRole", "a"}, {"iam:GetRole", "b"}}
	if got := l.Needs(); !slices.Equal(got, want) {
		t.Errorf("needs = %v, want %v", got, want)
	}
}
