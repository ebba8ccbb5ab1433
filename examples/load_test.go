package examples_test

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
)

// TestExamplesLoad reads every example with the snapshot reader, as
// `check --example NAME` does, and checks that the facts each one is built to
// decide made it into the world.
func TestExamplesLoad(t *testing.T) {
	for _, e := range examples.All() {
		t.Run(e.Name, func(t *testing.T) {
			w, err := snapshot.Read(e.Name+".json", e.Data)
			if err != nil {
				t.Fatalf("snapshot.Read: %v", err)
			}
			if w.AccountID != "123456789012" || w.Region != "ap-northeast-1" {
				t.Errorf("account %q region %q", w.AccountID, w.Region)
			}
			if w.Services.Len() == 0 || w.TaskDefinitions.Len() == 0 || w.Roles.Len() == 0 {
				t.Errorf("services %d, task definitions %d, roles %d", w.Services.Len(), w.TaskDefinitions.Len(), w.Roles.Len())
			}
			for _, r := range w.Roles.All() {
				if !r.AttachedKnown || !r.InlineKnown || r.AssumeRolePolicyDocument == "" {
					t.Errorf("role %s: attached known %v, inline known %v, trust policy %q", r.RoleName, r.AttachedKnown, r.InlineKnown, r.AssumeRolePolicyDocument)
				}
			}
			if e.Expect.Verdict == examples.Unknown {
				return
			}
			if !w.Subnets.Complete || !w.RouteTables.Complete || !w.VPCEndpoints.Complete || !w.NetworkACLs.Complete {
				t.Error("ec2 listings not complete")
			}
			for _, v := range w.VPCs.All() {
				if v.EnableDnsSupport == nil || v.EnableDnsHostnames == nil {
					t.Errorf("vpc %s: DNS attributes not loaded", v.VpcId)
				}
			}
			for _, p := range w.PrefixLists.All() {
				if !p.CidrsKnown {
					t.Errorf("prefix list %s: CIDRs not loaded", p.PrefixListId)
				}
			}
			for _, r := range w.Repositories.All() {
				if !r.PolicyKnown {
					t.Errorf("repository %s: policy not known", r.RepositoryArn)
				}
			}
			for _, s := range w.Secrets.All() {
				if !s.ResourcePolicyKnown || s.Value == nil {
					t.Errorf("secret %s: resource policy known %v, value shape %v", s.ARN, s.ResourcePolicyKnown, s.Value)
				}
			}
			for _, k := range w.Keys.All() {
				if k.Policy == "" {
					t.Errorf("key %s: no key policy", k.Arn)
				}
			}
		})
	}
}
