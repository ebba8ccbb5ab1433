package cond

import (
	"strings"
	"testing"
)

// ctx is a test request context with case-insensitive keys.
type ctx map[string][]string

func (c ctx) Lookup(key string) ([]string, bool) {
	for k, v := range c {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

type condCase struct {
	name   string
	op     string
	key    string
	values []string
	ctx    ctx
	want   Result
}

func TestCondition(t *testing.T) {
	tests := []condCase{
		{"IAM-UG String operators: StringEquals match", "StringEquals", "aws:SourceAccount", []string{"111122223333"}, ctx{"aws:SourceAccount": {"111122223333"}}, True},
		{"IAM-UG String operators: StringEquals mismatch", "StringEquals", "aws:SourceAccount", []string{"111122223333"}, ctx{"aws:SourceAccount": {"444455556666"}}, False},
		{"IAM-UG Condition: values are ORed", "StringEquals", "aws:SourceVpce", []string{"vpce-1", "vpce-2"}, ctx{"aws:SourceVpce": {"vpce-2"}}, True},
		{"IAM-UG Condition: absent key makes a positive operator false", "StringEquals", "aws:SourceVpce", []string{"vpce-1"}, ctx{}, False},
		{"IAM-UG Condition: absent key makes a negated operator true", "StringNotEquals", "aws:SourceVpce", []string{"vpce-1"}, ctx{}, True},
		{"IAM-UG Condition: negated operator is NOR over values", "StringNotEquals", "aws:SourceVpce", []string{"vpce-1", "vpce-2"}, ctx{"aws:SourceVpce": {"vpce-2"}}, False},
		{"IAM-UG Condition: condition key names are case-insensitive (aws:sourceVpce, ECS-DG example)", "StringEquals", "aws:sourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {"vpce-1"}}, True},
		{"IAM-UG String operators: values are case-sensitive", "StringEquals", "aws:PrincipalTag/team", []string{"Payments"}, ctx{"aws:PrincipalTag/team": {"payments"}}, False},
		{"IAM-UG String operators: StringEqualsIgnoreCase", "StringEqualsIgnoreCase", "aws:PrincipalTag/team", []string{"Payments"}, ctx{"aws:PrincipalTag/team": {"payments"}}, True},
		{"IAM-UG String operators: StringNotEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", []string{"Payments"}, ctx{"aws:PrincipalTag/team": {"PAYMENTS"}}, False},
		{"IAM-UG String operators: StringLike wildcard", "StringLike", "iam:PassedToService", []string{"ecs-tasks.*"}, ctx{"iam:PassedToService": {"ecs-tasks.amazonaws.com"}}, True},
		{"IAM-UG String operators: StringNotLike", "StringNotLike", "aws:userid", []string{"AROA*:admin-*"}, ctx{"aws:userid": {"AROAEXAMPLE:task-1"}}, True},
		{"ECS-DG confused deputy: ArnLike on aws:SourceArn", "ArnLike", "aws:SourceArn", []string{"arn:aws:ecs:us-east-1:111122223333:*"}, ctx{"aws:SourceArn": {"arn:aws:ecs:us-east-1:111122223333:task/cluster/abc"}}, True},
		{"IAM-UG ARN operators: ArnNotEquals", "ArnNotEquals", "aws:PrincipalArn", []string{"arn:aws:iam::111122223333:role/ecsTaskExecutionRole"}, ctx{"aws:PrincipalArn": {"arn:aws:iam::111122223333:role/other"}}, True},
		{"IAM-UG ARN operators: ArnEquals is case-sensitive", "ArnEquals", "aws:PrincipalArn", []string{"arn:aws:iam::111122223333:role/App"}, ctx{"aws:PrincipalArn": {"arn:aws:iam::111122223333:role/app"}}, False},
		{"IAM-UG Boolean operators: Bool", "Bool", "aws:SecureTransport", []string{"false"}, ctx{"aws:SecureTransport": {"false"}}, True},
		{"IAM-UG Boolean operators: Bool absent is false", "Bool", "aws:SecureTransport", []string{"false"}, ctx{}, False},
		{"IAM-UG Null: true when the key is absent", "Null", "aws:SourceVpce", []string{"true"}, ctx{}, True},
		{"IAM-UG Null: true is false when the key is present", "Null", "aws:SourceVpce", []string{"true"}, ctx{"aws:SourceVpce": {"vpce-1"}}, False},
		{"IAM-UG Null: false when present", "Null", "aws:SourceVpce", []string{"false"}, ctx{"aws:SourceVpce": {"vpce-1"}}, True},
		{"IAM-UG Numeric operators: NumericLessThan", "NumericLessThan", "s3:max-keys", []string{"10"}, ctx{"s3:max-keys": {"9"}}, True},
		{"IAM-UG Numeric operators: NumericGreaterThanEquals decimals", "NumericGreaterThanEquals", "aws:MultiFactorAuthAge", []string{"3600.5"}, ctx{"aws:MultiFactorAuthAge": {"3600"}}, False},
		{"IAM-UG Numeric operators: a request value that is not a number does not match", "NumericEquals", "s3:max-keys", []string{"10"}, ctx{"s3:max-keys": {"ten"}}, False},
		{"IAM-UG Date operators: DateGreaterThan ISO 8601", "DateGreaterThan", "aws:CurrentTime", []string{"2024-01-01T00:00:00Z"}, ctx{"aws:CurrentTime": {"2025-06-01T12:00:00Z"}}, True},
		{"IAM-UG Date operators: epoch seconds", "DateLessThan", "aws:EpochTime", []string{"1700000000"}, ctx{"aws:EpochTime": {"1600000000"}}, True},
		{"IAM-UG Date operators: date-only value", "DateEquals", "aws:CurrentTime", []string{"2024-01-01"}, ctx{"aws:CurrentTime": {"2024-01-01T00:00:00Z"}}, True},
		{"IAM-UG IP operators: IpAddress v4 CIDR", "IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}, ctx{"aws:SourceIp": {"203.0.113.7"}}, True},
		{"IAM-UG IP operators: single address is a /32", "IpAddress", "aws:SourceIp", []string{"203.0.113.7"}, ctx{"aws:SourceIp": {"203.0.113.8"}}, False},
		{"IAM-UG IP operators: IpAddress v6 CIDR", "IpAddress", "aws:SourceIp", []string{"2001:db8:1234::/48"}, ctx{"aws:SourceIp": {"2001:db8:1234:ff::1"}}, True},
		{"IAM-UG IP operators: NotIpAddress v6 outside", "NotIpAddress", "aws:SourceIp", []string{"2001:db8:1234::/48"}, ctx{"aws:SourceIp": {"2001:db8:9999::1"}}, True},
		{"IAM-UG IP operators: v4 address never in a v6 block", "IpAddress", "aws:SourceIp", []string{"2001:db8::/32"}, ctx{"aws:SourceIp": {"192.0.2.1"}}, False},
		{"IAM-UG Binary operator: BinaryEquals", "BinaryEquals", "s3:key", []string{"QmluYXJ5VmFsdWU="}, ctx{"s3:key": {"QmluYXJ5VmFsdWU="}}, True},
		{"IAM-UG ...IfExists: absent key is true", "StringEqualsIfExists", "aws:SourceVpce", []string{"vpce-1"}, ctx{}, True},
		{"IAM-UG ...IfExists: present key is compared", "StringEqualsIfExists", "aws:SourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {"vpce-9"}}, False},
		{"IAM-UG ...IfExists: negated with absent key", "ArnNotLikeIfExists", "aws:SourceArn", []string{"arn:aws:ecs:*"}, ctx{}, True},
		{"IAM-UG Multivalued keys: ForAllValues with absent key is true", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env", "team"}, ctx{}, True},
		{"IAM-UG Multivalued keys: ForAllValues subset", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env", "team"}, ctx{"aws:TagKeys": {"env"}}, True},
		{"IAM-UG Multivalued keys: ForAllValues not a subset", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env", "team"}, ctx{"aws:TagKeys": {"env", "owner"}}, False},
		{"IAM-UG Multivalued keys: ForAnyValue with absent key is false", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"env"}, ctx{}, False},
		{"IAM-UG Multivalued keys: ForAnyValue overlap", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"env"}, ctx{"aws:TagKeys": {"owner", "env"}}, True},
		{"IAM-UG Multivalued keys: ForAnyValue:StringNotEquals", "ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"env"}, ctx{"aws:TagKeys": {"env", "owner"}}, True},
		{"IAM-UG Multivalued keys: ForAnyValue...IfExists absent", "ForAnyValue:StringLikeIfExists", "aws:TagKeys", []string{"e*"}, ctx{}, True},
		{"IAM-UG Boolean condition operators: Bool true", "Bool", "aws:SecureTransport", []string{"TRUE"}, ctx{"aws:SecureTransport": {"true"}}, True},
		{"IAM-UG Boolean condition operators: Bool is not a string compare of other values", "Bool", "aws:SecureTransport", []string{"yes"}, ctx{"aws:SecureTransport": {"yes"}}, Unknown},
		{"IAM-UG ...IfExists: a key with no values is absent", "StringEqualsIfExists", "aws:SourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {}}, True},
		{"IAM-UG Null: a key with no values is absent", "Null", "aws:SourceVpce", []string{"true"}, ctx{"aws:SourceVpce": {}}, True},
		{"IAM-UG Multivalued keys: ForAnyValue without overlap is false", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"env"}, ctx{"aws:TagKeys": {"owner", "team"}}, False},
		{"IAM-UG Multivalued keys: ForAnyValue:StringNotEquals when every value is listed", "ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"env", "team"}, ctx{"aws:TagKeys": {"env", "team"}}, False},
		{"IAM-UG Multivalued keys: ForAllValues:StringNotEquals none listed", "ForAllValues:StringNotEquals", "aws:TagKeys", []string{"env"}, ctx{"aws:TagKeys": {"owner", "team"}}, True},
		{"IAM-UG Multivalued keys: ForAllValues:StringNotEquals one listed", "ForAllValues:StringNotEquals", "aws:TagKeys", []string{"env"}, ctx{"aws:TagKeys": {"owner", "env"}}, False},
		{"IAM-UG Multivalued keys: ForAllValues with an unresolved variable does not apply", "ForAllValues:StringEquals", "aws:TagKeys", []string{"${aws:username}"}, ctx{"aws:TagKeys": {"env"}}, False},
		{"IAM-UG Multivalued keys: ForAnyValue with an unresolved variable does not apply", "ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"${aws:username}"}, ctx{"aws:TagKeys": {"env"}}, False},
		{"IAM-UG Numeric condition operators: NaN is not a number", "NumericEquals", "s3:max-keys", []string{"NaN"}, ctx{"s3:max-keys": {"NaN"}}, Unknown},
		{"IAM-UG Numeric condition operators: Inf is not a number", "NumericLessThan", "s3:max-keys", []string{"Inf"}, ctx{"s3:max-keys": {"1"}}, Unknown},
		{"IAM-UG Date condition operators: a request value that is not a date does not match", "DateLessThan", "aws:CurrentTime", []string{"2024-01-01"}, ctx{"aws:CurrentTime": {"yesterday"}}, False},
		{"IAM-UG Date condition operators: an unreadable policy date is Unknown", "DateLessThan", "aws:CurrentTime", []string{"yesterday"}, ctx{"aws:CurrentTime": {"2024-01-01"}}, Unknown},
		{"IAM-UG Date condition operators: the largest epoch second that fits", "DateEquals", "aws:EpochTime", []string{"9223372036"}, ctx{"aws:EpochTime": {"9223372036"}}, True},
		{"IAM-UG Date condition operators: the smallest epoch second that fits", "DateEquals", "aws:EpochTime", []string{"-9223372036"}, ctx{"aws:EpochTime": {"-9223372036"}}, True},
		{"IAM-UG Date condition operators: an epoch beyond the range is Unknown", "DateEquals", "aws:EpochTime", []string{"9223372037"}, ctx{"aws:EpochTime": {"1"}}, Unknown},
		{"IAM-UG IP address condition operators: an IPv4-mapped /96 block covers every IPv4 address", "IpAddress", "aws:SourceIp", []string{"::ffff:0.0.0.0/96"}, ctx{"aws:SourceIp": {"192.0.2.1"}}, True},
		{"IAM-UG IP address condition operators: an IPv4-mapped /120 block is the IPv4 /24", "IpAddress", "aws:SourceIp", []string{"::ffff:203.0.113.0/120"}, ctx{"aws:SourceIp": {"203.0.113.7"}}, True},
		{"IAM-UG IP address condition operators: an IPv4-mapped block excludes other addresses", "IpAddress", "aws:SourceIp", []string{"::ffff:203.0.113.0/120"}, ctx{"aws:SourceIp": {"203.0.114.7"}}, False},
		{"IAM-UG IP address condition operators: an unreadable block is Unknown", "IpAddress", "aws:SourceIp", []string{"203.0.113.0/33"}, ctx{"aws:SourceIp": {"203.0.113.7"}}, Unknown},
		{"IAM-UG IP address condition operators: a request value that is not an address does not match", "IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}, ctx{"aws:SourceIp": {"host"}}, False},
		{"IAM-UG Binary condition operator: a value that is not base64 is Unknown", "BinaryEquals", "s3:key", []string{"***"}, ctx{"s3:key": {"x"}}, Unknown},
		{"IAM-UG Null: a value other than true or false is Unknown", "Null", "aws:SourceVpce", []string{"maybe"}, ctx{}, Unknown},
		{"IAM-UG Condition: an operator without values is Unknown", "StringEquals", "aws:SourceVpce", nil, ctx{}, Unknown},
		{"IAM-UG ARN condition operators: each colon-delimited component is checked separately", "ArnLike", "aws:SourceArn", []string{"arn:*:task/c/1"}, ctx{"aws:SourceArn": {"arn:aws:ecs:us-east-1:111122223333:task/c/1"}}, False},
		{"IAM-UG String condition operators: StringLike wildcards span colons", "StringLike", "aws:SourceArn", []string{"arn:*:task/c/1"}, ctx{"aws:SourceArn": {"arn:aws:ecs:us-east-1:111122223333:task/c/1"}}, True},
		{"IAM-UG ARN condition operators: ArnLike with a variable", "ArnLike", "aws:SourceArn", []string{"arn:aws:ecs:*:${aws:PrincipalAccount}:*"}, ctx{"aws:SourceArn": {"arn:aws:ecs:us-east-1:111122223333:task/c/1"}, "aws:PrincipalAccount": {"111122223333"}}, True},
		{"IAM-UG ARN condition operators: ArnLike with an unresolved variable does not apply", "ArnNotLike", "aws:SourceArn", []string{"arn:aws:ecs:*:${aws:PrincipalAccount}:*"}, ctx{"aws:SourceArn": {"arn:aws:ecs:us-east-1:111122223333:task/c/1"}}, False},
		{"IAM-UG String condition operators: StringEqualsIgnoreCase with an unresolved variable does not apply", "StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", []string{"${aws:username}"}, ctx{"aws:PrincipalTag/team": {"x"}}, False},
		{"docs/model.md unknown: an unknown operator is Unknown, never a silent non-match", "StringEqualsFoo", "aws:SourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {"vpce-1"}}, Unknown},
		{"unknown set prefix is Unknown", "ForSomeValues:StringEquals", "aws:TagKeys", []string{"env"}, ctx{}, Unknown},
		{"Null takes no IfExists: Unknown", "NullIfExists", "aws:SourceVpce", []string{"true"}, ctx{}, Unknown},
		{"unreadable policy value is Unknown", "NumericLessThan", "s3:max-keys", []string{"ten"}, ctx{"s3:max-keys": {"9"}}, Unknown},
		{"IAM-UG Variables: ${aws:username} in a condition value", "StringEquals", "s3:prefix", []string{"home/${aws:username}/"}, ctx{"s3:prefix": {"home/alice/"}, "aws:username": {"alice"}}, True},
		{"IAM-UG Variables: unresolved variable makes the statement not apply, even negated", "StringNotEquals", "s3:prefix", []string{"home/${aws:username}/"}, ctx{"s3:prefix": {"home/alice/"}}, False},
		{"IAM-UG Variables: default value", "StringEquals", "aws:PrincipalTag/team", []string{"${aws:RequestTag/team, 'none'}"}, ctx{"aws:PrincipalTag/team": {"none"}}, True},
		{"IAM-UG Variables: ${*} is a literal star in StringLike", "StringLike", "s3:prefix", []string{"a${*}b"}, ctx{"s3:prefix": {"axxb"}}, False},
		{"IAM-UG Variables: substituted values are literal in StringLike", "StringLike", "s3:prefix", []string{"${aws:username}/*"}, ctx{"s3:prefix": {"bob/x"}, "aws:username": {"*"}}, False},
	}
	// IAM-UG "IAM JSON policy elements: Condition operators": the
	// ...Equals forms include the boundary, the strict forms exclude it.
	for _, b := range []struct {
		kind, key, at, below, above string
	}{
		{"Numeric", "s3:max-keys", "10", "9.5", "10.5"},
		{"Date", "aws:CurrentTime", "2024-01-01T00:00:00Z", "2023-12-31T23:59:59Z", "2024-01-01T00:00:01Z"},
		{"Date", "aws:EpochTime", "1700000000", "1699999999", "1700000001"},
	} {
		for _, r := range []struct {
			op               string
			below, at, above Result
		}{
			{"LessThan", True, False, False},
			{"LessThanEquals", True, True, False},
			{"GreaterThan", False, False, True},
			{"GreaterThanEquals", False, True, True},
			{"Equals", False, True, False},
			{"NotEquals", True, False, True},
		} {
			op := b.kind + r.op
			for _, v := range []struct {
				req  string
				want Result
			}{{b.below, r.below}, {b.at, r.at}, {b.above, r.above}} {
				tests = append(tests, condCase{"IAM-UG " + b.kind + " condition operators: " + op + " " + v.req + " against " + b.at, op, b.key, []string{b.at}, ctx{b.key: {v.req}}, v.want})
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compile(tt.op, tt.key, tt.values, true)
			if got := c.Eval(tt.ctx); got != tt.want {
				t.Errorf("%s %s %q = %v, want %v (problem %q)", tt.op, tt.key, tt.values, got, tt.want, c.Problem())
			}
		})
	}
}

func TestUnsupportedProblem(t *testing.T) {
	c := Compile("StringEqualsFoo", "k", []string{"v"}, true)
	if want := `condition operator "StringEqualsFoo" is not supported`; c.Problem() != want {
		t.Errorf("Problem() = %q, want %q", c.Problem(), want)
	}
}

func TestBlockFalseBeatsUnknown(t *testing.T) {
	// IAM-UG Condition: operators are ANDed; a false one decides even when
	// another cannot be evaluated.
	b := Block{
		Compile("StringEqualsFoo", "k", []string{"v"}, true),
		Compile("StringEquals", "aws:SourceAccount", []string{"111122223333"}, true),
	}
	if got, _ := b.Eval(ctx{"aws:SourceAccount": {"444455556666"}}); got != False {
		t.Errorf("Eval = %v, want False", got)
	}
	if got, why := b.Eval(ctx{"aws:SourceAccount": {"111122223333"}}); got != Unknown || why == "" {
		t.Errorf("Eval = %v %q, want Unknown with a reason", got, why)
	}
}

// TestStandIns follows world/unresolved.go (no unresolved value decides)
// within IAM-UG "IAM JSON policy elements: Condition operators": a
// comparison that depends on a stand-in is Unknown, the set operators
// combine Unknown in three-valued logic, and a definite answer by another
// value still decides.
func TestStandIns(t *testing.T) {
	const acct = "<unresolved AWS::AccountId>"
	const vpce = "<unresolved Ref Endpoint>"
	for _, tt := range []condCase{
		{"StringEquals: an unresolved endpoint may be the one named", "StringEquals", "aws:SourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {vpce}}, Unknown},
		{"StringNotEquals: negation keeps Unknown", "StringNotEquals", "aws:SourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {vpce}}, Unknown},
		{"StringEquals: a prefix no value can match", "StringEquals", "aws:SourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {"sg-" + vpce}}, False},
		{"StringEquals: another policy value matches for certain", "StringEquals", "aws:SourceVpce", []string{acct, "vpce-1"}, ctx{"aws:SourceVpce": {"vpce-1"}}, True},
		{"StringEquals: the same stand-in on both sides", "StringEquals", "aws:PrincipalAccount", []string{acct}, ctx{"aws:PrincipalAccount": {acct}}, True},
		{"StringEqualsIgnoreCase: folds around the stand-in", "StringEqualsIgnoreCase", "aws:SourceVpce", []string{"VPCE-1"}, ctx{"aws:SourceVpce": {"vpce-" + vpce}}, Unknown},
		{"StringLike: a wildcard covers the stand-in", "StringLike", "aws:SourceVpce", []string{"vpce-*"}, ctx{"aws:SourceVpce": {"vpce-" + vpce}}, True},
		{"StringLike: the pattern may match", "StringLike", "aws:SourceVpce", []string{"vpce-0a*"}, ctx{"aws:SourceVpce": {"vpce-" + vpce}}, Unknown},
		{"ArnLike: an account wildcard covers the stand-in", "ArnLike", "aws:PrincipalArn", []string{"arn:aws:iam::*:role/exec"}, ctx{"aws:PrincipalArn": {"arn:aws:iam::" + acct + ":role/exec"}}, True},
		{"ArnNotEquals: a named account may differ", "ArnNotEquals", "aws:PrincipalArn", []string{"arn:aws:iam::111122223333:role/exec"}, ctx{"aws:PrincipalArn": {"arn:aws:iam::" + acct + ":role/exec"}}, Unknown},
		{"ArnNotEquals: another role name differs whatever the account", "ArnNotEquals", "aws:PrincipalArn", []string{"arn:aws:iam::111122223333:role/exec"}, ctx{"aws:PrincipalArn": {"arn:aws:iam::" + acct + ":role/ci"}}, True},
		{"Bool: an unresolved flag", "Bool", "aws:SecureTransport", []string{"true"}, ctx{"aws:SecureTransport": {"<unresolved Ref Tls>"}}, Unknown},
		{"NumericLessThan: an unresolved number", "NumericLessThan", "s3:max-keys", []string{"10"}, ctx{"s3:max-keys": {"<unresolved Ref N>"}}, Unknown},
		{"NumericLessThan: a stand-in policy value", "NumericLessThan", "s3:max-keys", []string{"<unresolved Ref N>"}, ctx{"s3:max-keys": {"1"}}, Unknown},
		{"IpAddress: an unresolved address", "IpAddress", "aws:SourceIp", []string{"10.0.0.0/8"}, ctx{"aws:SourceIp": {"<unresolved Ref Ip>"}}, Unknown},
		{"ForAnyValue: one definite match decides", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, ctx{"aws:TagKeys": {vpce, "team"}}, True},
		{"ForAnyValue: only a stand-in may match", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, ctx{"aws:TagKeys": {vpce, "owner"}}, Unknown},
		{"ForAllValues: one definite mismatch decides", "ForAllValues:StringEquals", "aws:TagKeys", []string{"team"}, ctx{"aws:TagKeys": {vpce, "owner"}}, False},
		{"ForAllValues: a stand-in may not match", "ForAllValues:StringEquals", "aws:TagKeys", []string{"team"}, ctx{"aws:TagKeys": {vpce, "team"}}, Unknown},
		{"single-valued: a definite match among request values decides", "StringEquals", "aws:SourceVpce", []string{"vpce-1"}, ctx{"aws:SourceVpce": {vpce, "vpce-1"}}, True},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Compile(tt.op, tt.key, tt.values, true)
			got, why := c.EvalWhy(tt.ctx)
			if got != tt.want {
				t.Fatalf("%s %s %q = %v (%q), want %v", tt.op, tt.key, tt.values, got, why, tt.want)
			}
			if got == Unknown && !strings.Contains(why, "<unresolved ") {
				t.Errorf("Unknown without naming the stand-in: %q", why)
			}
		})
	}
}
