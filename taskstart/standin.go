package taskstart

import "github.com/ecs-preflight/ecs-preflight/world"

// region is the region the tasks run in or, when the input does not pin
// it, a stand-in naming what is missing: a host, ARN or condition key built
// from it is then unresolved and decides nothing (world/unresolved.go).
func (s *sim) region() string {
	if s.w.Region != "" {
		return s.w.Region
	}
	return world.Unresolved("region: " + or(s.w.RegionFrom, regionMissing))
}

// account is the account the tasks run in, or a stand-in naming what is
// missing.
func (s *sim) account() string {
	if s.w.AccountID != "" {
		return s.w.AccountID
	}
	return world.Unresolved("AWS account: " + or(s.w.AccountFrom, accountMissing))
}

// home is the account a resource is compared with to tell a cross-account
// call: the input's account, else the execution role's, whose account is
// the caller's (IAM-UG "Cross-account policy evaluation logic" compares the
// resource's account with the principal's); else a stand-in.
func (s *sim) home() string {
	if s.w.AccountID != "" {
		return s.w.AccountID
	}
	if a := accountOf(s.td.ExecutionRoleArn); a != "" && !world.IsUnresolved(a) {
		return a
	}
	return s.account()
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}
