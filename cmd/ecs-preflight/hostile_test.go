package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
)

// hostileCase is one class of hostile input run through the whole command.
type hostileCase struct {
	name string
	// file writes the input; its path replaces "FILE" in args.
	file func() []byte
	args []string
	// codes are the exit codes a correct run may end with.
	codes []int
	// stderr, when set, must be in the error output.
	stderr string
	// allocMiB bounds the bytes the run allocates, in MiB: the memory
	// budget, counted (runtime.MemStats.TotalAlloc), not sampled.
	allocMiB uint64
}

// TestHostileInputClasses runs each class of hostile input the tool has
// been probed with through the CLI, under a budget: the run must finish
// before a deadline far above normal (no wall-clock assertion on a shared
// machine: the deadline only catches a run that does not end), must
// allocate at most its budget, must never echo more than a short prefix of
// the input into the error, and must exit with an answer or an input
// error, never a runtime fatal error.
func TestHostileInputClasses(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile inputs are large")
	}
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "input")
			data := tc.file()
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			args := slices.Clone(tc.args)
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, "FILE", path)
			}
			type result struct {
				code           int
				stdout, stderr string
				alloc          uint64
			}
			done := make(chan result, 1)
			go func() {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				code, out, errOut := runCLI(t, args...)
				runtime.ReadMemStats(&after)
				done <- result{code, out, errOut, after.TotalAlloc - before.TotalAlloc}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(120 * time.Second):
				t.Fatalf("%s: did not finish", tc.name)
			}
			if !slices.Contains(tc.codes, r.code) {
				t.Errorf("exit %d, want one of %v; stderr %.300q", r.code, tc.codes, r.stderr)
			}
			if tc.stderr != "" && !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr %.300q does not say %q", r.stderr, tc.stderr)
			}
			if len(r.stderr) > 4096 {
				t.Errorf("stderr is %d bytes: the input is echoed (%.200q…)", len(r.stderr), r.stderr)
			}
			if mib := r.alloc >> 20; mib > tc.allocMiB {
				t.Errorf("allocated %d MiB, budget %d MiB (input %d bytes)", mib, tc.allocMiB, len(data))
			}
			t.Logf("input %d KiB, allocated %d MiB, exit %d", len(data)>>10, r.alloc>>20, r.code)
		})
	}
}

func hostileCases() []hostileCase {
	answer := []int{exitPass, exitFail, exitUnknown}
	return []hostileCase{
		{
			// Each level refers twice to the next: without memos, 2^40
			// evaluations (CFN "Fn::GetAtt", "Fn::Select").
			// --require-tasks: a template without tasks is an input error,
			// as every template without tasks was before "nothing to
			// check".
			name:     "template GetAtt doubling 40 levels",
			file:     func() []byte { return gen.RefTemplate(40, 2) },
			args:     []string{"check", "--cloudformation", "FILE", "--region", "us-east-1", "--account", "123456789012", "--require-tasks"},
			codes:    []int{exitInput},
			stderr:   "no ECS task definitions or services",
			allocMiB: 64,
		},
		{
			// Without --require-tasks a template without tasks is
			// "nothing to check", a pass; it must still end in time.
			name:     "template GetAtt fan-out 3 over 30 levels",
			file:     func() []byte { return gen.RefTemplate(30, 3) },
			args:     []string{"check", "--cloudformation", "FILE"},
			codes:    []int{exitPass},
			allocMiB: 64,
		},
		{
			name:     "template chain of 20,000 resources",
			file:     func() []byte { return gen.RefTemplate(20000, 1) },
			args:     []string{"check", "--cloudformation", "FILE"},
			codes:    []int{exitPass},
			allocMiB: 384,
		},
		{
			// A YAML alias bomb: nine levels of nine aliases.
			name:     "template YAML alias bomb",
			file:     yamlBomb,
			args:     []string{"check", "--cloudformation", "FILE"},
			codes:    []int{exitInput},
			allocMiB: 256,
		},
		{
			name: "snapshot nested 100,000 arrays deep",
			file: func() []byte {
				return []byte(`{"ecs": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}")
			},
			args:     []string{"check", "--snapshot", "FILE"},
			codes:    []int{exitInput},
			allocMiB: 256,
		},
		{
			// A 50 MB region is echoed as a short prefix, not whole.
			name:     "snapshot 50 MB region",
			file:     func() []byte { return []byte(`{"region": "` + strings.Repeat("x", 50<<20) + `"}`) },
			args:     []string{"check", "--snapshot", "FILE"},
			codes:    []int{exitInput},
			stderr:   "region",
			allocMiB: 128,
		},
		{
			name: "iam ForAnyValue:StringLike 6,000 patterns x 6,000 values",
			file: func() []byte { return anyValueRequest(6000) },
			args: []string{"iam", "FILE"},
			// allow or deny, whichever the patterns give; never an error.
			codes:    []int{exitPass, exitFail},
			allocMiB: 512,
		},
		{
			// Patterns the condition index cannot narrow: the matching
			// work limit makes the condition unknown instead of running
			// for seconds.
			name:     "iam 3,000 unindexable patterns",
			file:     func() []byte { return starsRequest(3000, 6000) },
			args:     []string{"iam", "FILE"},
			codes:    []int{exitPass, exitFail, exitUnknown},
			allocMiB: 512,
		},
		{
			name:     "plan with a number for a subnet's cidr_block",
			file:     wrongTypePlan,
			args:     []string{"check", "--terraform-plan", "FILE"},
			codes:    []int{exitInput},
			stderr:   `aws_subnet.a: attribute "cidr_block"`,
			allocMiB: 64,
		},
		{
			name:     "iam empty document",
			file:     func() []byte { return nil },
			args:     []string{"iam", "FILE"},
			codes:    []int{exitInput},
			stderr:   "empty document",
			allocMiB: 16,
		},
		{
			name:     "template 5,000 security group rules",
			file:     func() []byte { return manyRulesTemplate(5000) },
			args:     []string{"check", "--cloudformation", "FILE", "--region", "us-east-1", "--account", "123456789012"},
			codes:    answer,
			allocMiB: 1024,
		},
	}
}

func yamlBomb() []byte {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("Resources: {}\n")
	return []byte(b.String())
}

// anyValueRequest is an iam request whose identity policy allows
// s3:GetObject only when a tag value matches one of n patterns, asked with
// n values that match none but the last (IAM-UG "Single-valued vs.
// multivalued context keys": ForAnyValue is true when any value matches
// any pattern).
func anyValueRequest(n int) []byte {
	pats := make([]string, n)
	vals := make([]string, n)
	for i := range n {
		pats[i] = fmt.Sprintf("%q", fmt.Sprintf("team-%d-*-x?", i))
		vals[i] = fmt.Sprintf("%q", fmt.Sprintf("other-%d-value", i))
	}
	vals[n-1] = `"team-7-alpha-xy"`
	return tagKeysRequest(vals, pats)
}

// manyRulesTemplate is a Fargate service whose security group has n
// ingress rules: the simulation reads them all.
func manyRulesTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString(`Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: many rules
      VpcId: !Ref Vpc
      SecurityGroupIngress:
`)
	for i := range n {
		fmt.Fprintf(&b, "        - {IpProtocol: tcp, FromPort: %d, ToPort: %d, CidrIp: 10.%d.%d.0/24}\n", i%65535, i%65535, i/256%256, i%256)
	}
	b.WriteString(`  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
  Cluster: {Type: AWS::ECS::Cluster}
  Td:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: "256"
      Memory: "512"
      ExecutionRoleArn: !GetAtt Role.Arn
      ContainerDefinitions:
        - {Name: app, Image: public.ecr.aws/nginx/nginx:latest}
  Svc:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      LaunchType: FARGATE
      TaskDefinition: !Ref Td
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [!Ref Subnet], SecurityGroups: [!Ref Sg], AssignPublicIp: DISABLED}
`)
	return []byte(b.String())
}

// starsRequest is anyValueRequest with n patterns "*c1*c2*" of two letters
// each and v values holding every letter but matching none.
func starsRequest(n, v int) []byte {
	pats := make([]string, n)
	for i := range n {
		pats[i] = fmt.Sprintf("%q", fmt.Sprintf("*%c*%c*", 'a'+i%26, 'a'+(i/26)%26))
	}
	vals := make([]string, v)
	for i := range v {
		// Letters in reverse order: "*a*b*" needs an a before a b.
		vals[i] = fmt.Sprintf("%q", fmt.Sprintf("zyxwvutsrqponmlkjihgfedcba%d", i))
	}
	return tagKeysRequest(vals, pats)
}

// wrongTypePlan is a plan whose subnet has a number for cidr_block, which
// the aws provider types as a string.
func wrongTypePlan() []byte {
	return []byte(`{"format_version": "1.2", "terraform_version": "1.11.4",
 "planned_values": {"root_module": {"resources": [
  {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "provider_name": "registry.terraform.io/hashicorp/aws",
   "values": {"vpc_id": "vpc-1", "cidr_block": 12345}}]}},
 "resource_changes": [
  {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "provider_name": "registry.terraform.io/hashicorp/aws",
   "change": {"actions": ["create"], "before": null, "after": {"vpc_id": "vpc-1", "cidr_block": 12345}, "after_unknown": {"id": true}}}]}`)
}

// tagKeysRequest is an iam request whose identity policy allows
// s3:GetObject when a value of aws:TagKeys is like one of pats, asked with
// vals (both JSON strings).
func tagKeysRequest(vals, pats []string) []byte {
	return fmt.Appendf(nil, `{
  "principal": {"arn": "arn:aws:iam::111122223333:role/r", "roleArn": "arn:aws:iam::111122223333:role/r", "accountId": "111122223333"},
  "action": "s3:GetObject",
  "resource": "arn:aws:s3:::bucket/key",
  "resourceAccount": "111122223333",
  "context": {"aws:TagKeys": [%s]},
  "policies": {"identity": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
     "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": [%s]}}}]}}]}
}`, strings.Join(vals, ","), strings.Join(pats, ","))
}
