package taskstart

import (
	"fmt"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// rcp returns a world edit that attaches one RCP at the organization root.
func rcp(name, doc string) func(*world.World) {
	return func(w *world.World) {
		inOrg(w)
		w.RCPs = orgPath(rcpFullAccess, func(l []world.PolicyLevel) {
			l[0].Policies = append(l[0].Policies, world.NamedPolicy{Name: name, Document: doc})
		})
	}
}

// Data-perimeter RCPs in the form of AWS Organizations "Resource control
// policy examples": deny unless the caller is in the organization, or
// unless the call comes through the organization's VPC endpoint.
const (
	ecrOrgPerimeter  = `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceOrgIdentities","Effect":"Deny","Principal":"*","Action":"ecr:BatchGetImage","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"%s"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`
	logsNetPerimeter = `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceNetworkPerimeter","Effect":"Deny","Principal":"*","Action":"logs:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-logs"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`
)

func TestRCPCoverage(t *testing.T) {
	runMutationCases(t, []mutationCase{
		{`Organizations-UG "Resource control policies (RCPs)" (2026-09-26, ECR listed; added 2025-06): an RCP denying ecr:BatchGetImage outside the organization lets the in-org execution role pull`,
			rcp("DataPerimeter", fmtDoc(ecrOrgPerimeter, orgID)),
			expect{container: "app", step: StepImageManifest, status: OK}},
		{`Organizations-UG "Resource control policies (RCPs)" (2026-09-26, ECR listed; added 2025-06): an RCP admitting only another organization denies ecr:BatchGetImage`,
			rcp("DataPerimeter", fmtDoc(ecrOrgPerimeter, "o-partnerorg1")),
			expect{container: "app", step: StepImageManifest, status: Fail, reason: "with an explicit deny in a resource control policy", fix: "EnforceOrgIdentities"}},
		{`Organizations-UG "Resource control policies (RCPs)" (2026-09-26, CloudWatch Logs listed; added 2026-01): an RCP denying logs:* unless aws:SourceVpce is the organization's endpoint fails a task that logs through a NAT gateway`,
			rcp("NetworkPerimeter", logsNetPerimeter),
			expect{container: "app", step: StepLogs, status: Fail, reason: "logs:CreateLogStream", fix: "EnforceNetworkPerimeter"}},
		{`Organizations-UG "Resource control policies (RCPs)" (2026-09-26, CloudWatch Logs listed): the same RCP passes a task that logs through endpoint vpce-logs`,
			func(w *world.World) {
				rcp("NetworkPerimeter", logsNetPerimeter)(w)
				useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			},
			expect{container: "app", step: StepLogs, status: OK}},
		{`Organizations-UG "Resource control policies (RCPs)": "RCPs don't affect resources in the management account", ECR included`,
			func(w *world.World) {
				rcp("DataPerimeter", fmtDoc(ecrOrgPerimeter, "o-partnerorg1"))(w)
				w.ManagementAccountID = acct
			},
			expect{container: "app", step: StepImageManifest, status: OK}},
	})
}

// TestRCPServicesTable checks the table against the services
// Organizations-UG "Resource control policies (RCPs)" (2026-09-26) lists
// for the calls of the start phase, and against one it does not list.
func TestRCPServicesTable(t *testing.T) {
	for _, tc := range []struct {
		service string
		want    bool
	}{
		{"ecr", true}, {"logs", true}, {"s3", true}, {"sts", true}, {"kms", true},
		{"sqs", true}, {"secretsmanager", true},
		// Systems Manager is not on the page's list.
		{"ssm", false}, {"ecs", false}, {"iam", false},
	} {
		if got := rcpSupported(tc.service); got != tc.want {
			t.Errorf("rcpSupported(%q) = %v, want %v (%s)", tc.service, got, tc.want, rcpPage)
		}
	}
}

func fmtDoc(format string, args ...any) string { return fmt.Sprintf(format, args...) }
