package glob

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		name       string
		pattern, s string
		fold, want bool
	}{
		{name: "IAM-UG Action: exact", pattern: "ecr:getauthorizationtoken", s: "ecr:GetAuthorizationToken", fold: true, want: true},
		{name: "IAM-UG Action: prefix wildcard", pattern: "ecr:get*", s: "ecr:GetDownloadUrlForLayer", fold: true, want: true},
		{name: "IAM-UG Action: names are case-insensitive", pattern: "ECR:BATCH*", s: "ecr:BatchGetImage", fold: true, want: true},
		{name: "IAM-UG Resource: case-sensitive", pattern: "repository/App", s: "repository/app", want: false},
		{name: "'?' is exactly one character", pattern: "log-group:/ecs/ap?", s: "log-group:/ecs/app", want: true},
		{name: "'?' does not match nothing", pattern: "ab?", s: "ab", want: false},
		{name: "'*' matches empty", pattern: "a*b", s: "ab", want: true},
		{name: "several stars", pattern: "*a*a*b", s: "xxaxxaxxb", want: true},
		{name: "hostile pattern, no match", pattern: "*a*a*a*a*a*a*b", s: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", want: false},
		{name: "escaped star is literal", pattern: "a" + string(Esc) + "*", s: "a*", want: true},
		{name: "escaped star does not wildcard", pattern: "a" + string(Esc) + "*", s: "abc", want: false},
		{name: "'?' takes a whole rune", pattern: "caf?", s: "café", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Match
			if tt.fold {
				m = MatchFold
			}
			if got := m(tt.pattern, tt.s); got != tt.want {
				t.Errorf("match(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
			}
		})
	}
}

func TestMatchARN(t *testing.T) {
	tests := []struct {
		name, pattern, arn string
		want               bool
	}{
		{"IAM-UG Resource: bare * matches everything", "*", "arn:aws:ecr:us-east-1:111122223333:repository/app", true},
		{"IAM-UG Resource: bare * matches the * of unscoped actions", "*", "*", true},
		{"ECR-UG: GetAuthorizationToken resource * is not a repository ARN", "arn:aws:ecr:*:*:repository/*", "*", false},
		{"IAM-UG Resource: * in the resource part spans '/' and ':' (seed 000 log group)", "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/*", "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:log-stream:ecs/app/0f1e", true},
		{"IAM-UG Resource: wildcard within the region segment", "arn:aws:ecr:us-*:111122223333:repository/app", "arn:aws:ecr:us-east-1:111122223333:repository/app", true},
		{"IAM-UG Resource: region wildcard does not match another region", "arn:aws:ecr:us-*:111122223333:repository/app", "arn:aws:ecr:eu-west-1:111122223333:repository/app", false},
		{"IAM-UG Resource: trailing * of a short pattern expands across colons", "arn:aws:ecr:*", "arn:aws:ecr:us-east-1:111122223333:repository/app", true},
		{"short pattern without trailing * needs as many segments", "arn:aws:ecr:us-east-1", "arn:aws:ecr:us-east-1:111122223333:repository/app", false},
		{"IAM-UG Resource: case-sensitive", "arn:aws:ecr:us-east-1:111122223333:repository/App", "arn:aws:ecr:us-east-1:111122223333:repository/app", false},
		{"account segment must match", "arn:aws:ecr:us-east-1:111122223333:repository/*", "arn:aws:ecr:us-east-1:444455556666:repository/app", false},
		{"ECR-UG VPC endpoints: starport layer bucket", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/sha256/ab/cd", true},
		{"S3 bucket pattern does not cover another bucket", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*", "arn:aws:s3:::my-bucket/env/app.env", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchARN(tt.pattern, tt.arn); got != tt.want {
				t.Errorf("MatchARN(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	for _, s := range []string{"plain", "a*b?c", "x\x00y", ""} {
		q := Quote(s)
		if !Match(q, s) {
			t.Errorf("Match(Quote(%q), %q) = false", s, s)
		}
		if Unquote(q) != s {
			t.Errorf("Unquote(Quote(%q)) = %q", s, Unquote(q))
		}
		if HasMeta(q) {
			t.Errorf("HasMeta(Quote(%q)) = true", s)
		}
	}
}
