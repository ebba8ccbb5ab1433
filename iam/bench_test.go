package iam

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

func BenchmarkWildcard(b *testing.B) {
	b.Run("action", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			glob.MatchFold("ecr:batch*", "ecr:BatchCheckLayerAvailability")
		}
	})
	b.Run("arn", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			glob.MatchARN("arn:aws:logs:*:111122223333:log-group:/ecs/*", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app:log-stream:ecs/app/0f1e")
		}
	})
	hostile := strings.Repeat("*a", 20) + "*b"
	subject := strings.Repeat("a", 2000)
	b.Run("hostile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			glob.Match(hostile, subject)
		}
	})
}

// benchLayers is a realistic execution-role picture with 50 statements:
// the managed execution policy, inline policies for secrets, parameters,
// keys, env files and logs (with conditions), a boundary, two SCP levels,
// a repository policy and an endpoint policy.
func benchLayers() Layers {
	var stmts []string
	services := []string{"secretsmanager:GetSecretValue", "ssm:GetParameters", "kms:Decrypt", "s3:GetObject", "logs:CreateLogGroup"}
	for i := 0; i < 39; i++ {
		res := fmt.Sprintf("arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app-%02d-*", i)
		c := ""
		if i%4 == 0 {
			c = `,"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0a1b2c3d"},"Bool":{"aws:SecureTransport":"true"}}`
		}
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":[%q,"ssm:GetParameter*"],"Resource":%q%s}`, i, services[i%len(services)], res, c))
	}
	stmts = append(stmts, `{"Sid":"DenyOutsideVpce","Effect":"Deny","Action":"secretsmanager:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1b2c3d"}}}`)
	inline := pol("inline", `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
	managed := pol("AmazonECSTaskExecutionRolePolicy", allowDoc("*", "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"))
	boundary := pol("boundary", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:*","logs:*","secretsmanager:GetSecretValue","ssm:GetParameters","kms:Decrypt","s3:GetObject"],"Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["ap-northeast-1","us-east-1"]}}}]}`)
	scpRegion := pol("RegionLock", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["ap-northeast-1","us-east-1"]}}}]}`)
	repo := pol("repository policy", `{"Version":"2012-10-17","Statement":[{"Sid":"Pull","Effect":"Allow","Principal":{"AWS":"`+roleARN+`"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]},{"Sid":"CI","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"},"Action":"ecr:*"},{"Sid":"NoDelete","Effect":"Deny","Principal":"*","Action":"ecr:DeleteRepository"}]}`)
	endpoint := pol("ecr.dkr endpoint policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"arn:aws:ecr:ap-northeast-1:111122223333:repository/*"}]}`)
	return Layers{
		Identity: []*Policy{managed, inline},
		Boundary: boundary,
		SCPs:     [][]*Policy{{fullAccess}, {fullAccess, scpRegion}},
		Resource: repo,
		Endpoint: endpoint,
	}
}

func BenchmarkEvaluate50Statements(b *testing.B) {
	l := benchLayers()
	n := 0
	for _, p := range append(append([]*Policy{}, l.Identity...), l.Boundary, l.SCPs[0][0], l.SCPs[1][1], l.Resource, l.Endpoint) {
		n += len(p.c.Statements)
	}
	if n != 50 {
		b.Fatalf("benchmark policy set has %d statements, want 50", n)
	}
	req := withCtx(r(execRole, "ecr:BatchGetImage", repoARN), "aws:SourceVpce", "vpce-0a1b2c3d", "aws:RequestedRegion", "ap-northeast-1", "aws:SecureTransport", "true")
	if d := Evaluate(req, l); d.Effect != Allow {
		b.Fatalf("benchmark request is %s, want allow: %+v", d.Effect, d)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(req, l)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}
