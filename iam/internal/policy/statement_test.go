package policy

import (
	"strings"
	"testing"
)

// ctx is a request context with case-insensitive keys.
type ctx map[string][]string

func (c ctx) Lookup(key string) ([]string, bool) {
	for k, v := range c {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

const (
	roleARN = "arn:aws:iam::111122223333:role/ecsTaskExecutionRole"
	sessARN = "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task-1"
	repoARN = "arn:aws:ecr:us-east-1:111122223333:repository/app"
)

var session = Principal{ARN: sessARN, RoleARN: roleARN, AccountID: "111122223333"}

func stmt(t *testing.T, s string) *Statement {
	t.Helper()
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[` + s + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	return &p.Statements[0]
}

func TestMatch(t *testing.T) {
	pull := Request{Principal: session, Action: "ecr:BatchGetImage", Resource: repoARN}
	svc := Request{Principal: Principal{Service: "ecs-tasks.amazonaws.com"}, Action: "sts:AssumeRole", Resource: roleARN}
	tests := []struct {
		name     string
		stmt     string
		req      Request
		ctx      ctx
		boundary bool
		want     Outcome
		grant    Grant
	}{
		{"IAM-UG Action: case-insensitive match", `{"Effect":"Allow","Action":"ECR:batchgetimage","Resource":"*"}`, pull, nil, false, Matched, GrantNone},
		{"IAM-UG Action: another action does not match", `{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG NotAction: the listed action is excluded", `{"Effect":"Allow","NotAction":"ecr:*","Resource":"*"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG NotAction: other actions match", `{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`, pull, nil, false, Matched, GrantNone},
		{"IAM-UG Resource: another repository does not match", `{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:us-east-1:111122223333:repository/other"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG NotResource: the listed resource is excluded", `{"Effect":"Deny","Action":"ecr:*","NotResource":"` + repoARN + `"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG Resource: absent Resource covers the attached resource", `{"Effect":"Allow","Principal":"*","Action":"ecr:*"}`, pull, nil, false, Matched, GrantAnyone},
		{"IAM-UG Variables: a variable in Resource resolves", `{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:us-east-1:111122223333:repository/${aws:PrincipalTag/app}"}`, pull, ctx{"aws:PrincipalTag/app": {"app"}}, false, Matched, GrantNone},
		{"IAM-UG Variables: a variable without a value makes the statement apply in neither sense", `{"Effect":"Deny","Action":"ecr:*","NotResource":"arn:aws:ecr:us-east-1:111122223333:repository/${aws:PrincipalTag/app}"}`, pull, ctx{}, false, NoMatch, GrantNone},
		{"IAM-UG Principal: the session ARN is a direct grant", `{"Effect":"Allow","Principal":{"AWS":"` + sessARN + `"},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantDirect},
		{"IAM-UG Principal: the role ARN covers its sessions", `{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantRole},
		{"IAM-UG Principal: the account delegates", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantAccount},
		{"IAM-UG Principal: \"*\" beats the role, which a boundary limits", `{"Effect":"Allow","Principal":{"AWS":["*","` + roleARN + `"]},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantAnyone},
		{"IAM-UG Principal: \"*\" beats the account", `{"Effect":"Allow","Principal":{"AWS":["*","111122223333"]},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantAnyone},
		{"IAM-UG Principal: a federated session ARN listed under Federated", `{"Effect":"Allow","Principal":{"Federated":"` + sessARN + `"},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantDirect},
		{"IAM-UG Principal: another account does not match", `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"ecr:*"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG Principal: another role does not match", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/other"},"Action":"ecr:*"}`, pull, nil, false, NoMatch, GrantNone},
		{"ECS-DG trust policy: the service principal, case-insensitively", `{"Effect":"Allow","Principal":{"Service":"ECS-TASKS.amazonaws.com"},"Action":"sts:AssumeRole"}`, svc, nil, false, Matched, GrantService},
		{"IAM-UG Principal: \"*\" covers a service", `{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`, svc, nil, false, Matched, GrantAnyone},
		{"IAM-UG Principal: another service does not match", `{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}`, svc, nil, false, NoMatch, GrantNone},
		{"IAM-UG Condition: a false condition does not match", `{"Effect":"Allow","Action":"ecr:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}`, pull, ctx{"aws:SourceVpce": {"vpce-2"}}, false, NoMatch, GrantNone},
		{"docs/model.md unknown: an unsupported operator is Unknown", `{"Effect":"Allow","Action":"ecr:*","Resource":"*","Condition":{"StringEqualsSometimes":{"aws:SourceVpce":"vpce-1"}}}`, pull, ctx{}, false, Unknown, GrantNone},
		// IAM-UG "NotPrincipal": the exemption is certain only when every
		// link of the chain (session, role, account) is listed.
		{"IAM-UG NotPrincipal: every link listed exempts", `{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","` + roleARN + `","` + sessARN + `"]},"Action":"ecr:*"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG NotPrincipal: the session without the account is Unknown", `{"Effect":"Deny","NotPrincipal":{"AWS":["` + roleARN + `","` + sessARN + `"]},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantAnyone},
		{"IAM-UG NotPrincipal: the session without the role is Unknown", `{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","` + sessARN + `"]},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantAnyone},
		{"IAM-UG NotPrincipal: the role alone does not exempt its session", `{"Effect":"Deny","NotPrincipal":{"AWS":"` + roleARN + `"},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantAnyone},
		{"IAM-UG NotPrincipal: with a permissions boundary the deny always applies", `{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","` + roleARN + `","` + sessARN + `"]},"Action":"ecr:*"}`, pull, nil, true, Matched, GrantAnyone},
		{"IAM-UG NotPrincipal: \"*\" exempts everyone", `{"Effect":"Deny","NotPrincipal":"*","Action":"ecr:*"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG NotPrincipal: a listed service is exempt", `{"Effect":"Deny","NotPrincipal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:*"}`, svc, nil, true, NoMatch, GrantNone},
		{"IAM-UG NotPrincipal: an unlisted service is denied", `{"Effect":"Deny","NotPrincipal":{"Service":"lambda.amazonaws.com"},"Action":"sts:*"}`, svc, nil, false, Matched, GrantAnyone},
		{"IAM-UG NotPrincipal: a matching condition still applies with an unknown exemption", `{"Effect":"Deny","NotPrincipal":{"AWS":"` + sessARN + `"},"Action":"ecr:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, pull, ctx{"aws:SecureTransport": {"true"}}, false, NoMatch, GrantNone},
	}
	// Stand-ins for unresolved values (world/unresolved.go): an element
	// that depends on one makes the statement Unknown, never a silent
	// NoMatch, unless another element rules it out.
	const acct = "<unresolved AWS::AccountId>"
	unresolved := Principal{ARN: "arn:aws:sts::" + acct + ":assumed-role/ecsTaskExecutionRole/task-1", RoleARN: "arn:aws:iam::" + acct + ":role/ecsTaskExecutionRole", AccountID: acct}
	pullU := Request{Principal: unresolved, Action: "ecr:BatchGetImage", Resource: "arn:aws:ecr:us-east-1:" + acct + ":repository/app"}
	tests = append(tests, []struct {
		name     string
		stmt     string
		req      Request
		ctx      ctx
		boundary bool
		want     Outcome
		grant    Grant
	}{
		{"IAM-UG Resource: an unresolved account may be the one named", `{"Effect":"Allow","Action":"ecr:*","Resource":"` + repoARN + `"}`, pullU, nil, false, Unknown, GrantNone},
		{"IAM-UG Resource: a wildcard account covers an unresolved one", `{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:us-east-1:*:repository/app"}`, pullU, nil, false, Matched, GrantNone},
		{"IAM-UG Resource: another repository never matches", `{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:us-east-1:111122223333:repository/other"}`, pullU, nil, false, NoMatch, GrantNone},
		{"IAM-UG Resource: a definite pattern beats a possible one", `{"Effect":"Allow","Action":"ecr:*","Resource":["` + repoARN + `","arn:aws:ecr:*"]}`, pullU, nil, false, Matched, GrantNone},
		{"IAM-UG NotResource: exclusion that depends on the account", `{"Effect":"Deny","Action":"ecr:*","NotResource":"` + repoARN + `"}`, pullU, nil, false, Unknown, GrantNone},
		{"IAM-UG NotResource: another service is never excluded", `{"Effect":"Deny","Action":"ecr:*","NotResource":"arn:aws:s3:::b/*"}`, pullU, nil, false, Matched, GrantNone},
		{"IAM-UG Resource: a condition false for certain rules out a possible resource", `{"Effect":"Allow","Action":"ecr:*","Resource":"` + repoARN + `","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`, pullU, ctx{"aws:SecureTransport": {"false"}}, false, NoMatch, GrantNone},
		{"IAM-UG Principal: the role in an unresolved account may be the caller's role", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:role/ecsTaskExecutionRole"},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantRole},
		{"IAM-UG Principal: the session in an unresolved account may be the caller", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::` + acct + `:assumed-role/ecsTaskExecutionRole/task-1"},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantDirect},
		{"IAM-UG Principal: a whole unresolved value may name the caller in any way", `{"Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantDirect},
		{"IAM-UG Principal: an unresolved account root may be the caller's", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantAccount},
		{"IAM-UG Principal: a Federated value may be the caller's session", `{"Effect":"Allow","Principal":{"Federated":"arn:aws:sts::` + acct + `:assumed-role/ecsTaskExecutionRole/task-1"},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantDirect},
		{"IAM-UG Principal: the caller's account named, its role only maybe: an Allow may be stronger", `{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::` + acct + `:role/ecsTaskExecutionRole"]},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantRole},
		{"IAM-UG Principal: a certain role grant stays certain beside a possible one", `{"Effect":"Allow","Principal":{"AWS":["` + roleARN + `","arn:aws:iam::` + acct + `:role/ecsTaskExecutionRole"]},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantRole},
		{"IAM-UG Principal: a Deny that names the account applies for certain", `{"Effect":"Deny","Principal":{"AWS":["111122223333","arn:aws:iam::` + acct + `:role/ecsTaskExecutionRole"]},"Action":"ecr:*"}`, pull, nil, false, Matched, GrantAccount},
		{"IAM-UG Principal: a real account may be an unresolved caller's", `{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"ecr:*"}`, pullU, nil, false, Unknown, GrantAccount},
		{"IAM-UG Principal: another role never names the caller", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:role/ci"},"Action":"ecr:*"}`, pull, nil, false, NoMatch, GrantNone},
		{"IAM-UG NotPrincipal: an exemption that depends on the account", `{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::` + acct + `:assumed-role/ecsTaskExecutionRole/task-1","` + roleARN + `","111122223333"]},"Action":"ecr:*"}`, pull, nil, false, Unknown, GrantAnyone},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := stmt(t, tt.stmt)
			o, g, problem := st.Match(&tt.req, tt.ctx, tt.boundary)
			if o != tt.want || g != tt.grant {
				t.Fatalf("Match = %v, grant %v (%q); want %v, grant %v", o, g, problem, tt.want, tt.grant)
			}
			if (o == Unknown) != (problem != "") {
				t.Errorf("outcome %v with problem %q", o, problem)
			}
		})
	}
}
