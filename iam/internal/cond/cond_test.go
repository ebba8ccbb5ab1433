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

func TestCondition(t *testing.T) {
	tests := []struct {
		name   string
		op     string
		key    string
		values []string
		ctx    ctx
		want   Result
	}{
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
