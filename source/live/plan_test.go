package live

import (
	"slices"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

const acct = "123456789012"

func TestPlanMapsNeedsToReads(t *testing.T) {
	role := "arn:aws:iam::" + acct + ":role/service/exec"
	tests := []struct {
		name    string
		needs   []world.Need
		roleFor map[string]string
		want    []read
	}{
		{"a role with its policy lists, in the same round",
			[]world.Need{{Op: "iam:GetRole", Key: role}},
			nil,
			[]read{{Op: "iam:GetRole", Key: "exec"}, {Op: "iam:ListAttachedRolePolicies", Key: "exec"}, {Op: "iam:ListRolePolicies", Key: "exec"}}},
		{"an AWS managed policy comes from the embedded catalog",
			[]world.Need{{Op: "iam:GetPolicy", Key: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}},
			nil, nil},
		{"a customer managed policy is read",
			[]world.Need{{Op: "iam:GetPolicy", Key: "arn:aws:iam::" + acct + ":policy/p"}},
			nil,
			[]read{{Op: "iam:GetPolicy", Key: "arn:aws:iam::" + acct + ":policy/p"}}},
		{"another account's repository without --role-arn-for: not read",
			[]world.Need{{Op: "ecr:DescribeRepositories", Key: "arn:aws:ecr:ap-northeast-1:210987654321:repository/app"}},
			nil, nil},
		{"another account's repository with --role-arn-for: its policy through the role",
			[]world.Need{{Op: "ecr:DescribeRepositories", Key: "arn:aws:ecr:ap-northeast-1:210987654321:repository/app"}},
			map[string]string{"210987654321": "arn:aws:iam::210987654321:role/read"},
			[]read{{Op: "ecr:GetRepositoryPolicy", Key: "arn:aws:ecr:ap-northeast-1:210987654321:repository/app", Account: "210987654321"}}},
		{"own repository: the whole-region listing and its policy",
			[]world.Need{{Op: "ecr:DescribeRepositories", Key: "arn:aws:ecr:ap-northeast-1:" + acct + ":repository/app"}},
			nil,
			[]read{{Op: "ecr:GetRepositoryPolicy", Key: "arn:aws:ecr:ap-northeast-1:" + acct + ":repository/app"}, {Op: "ecr:DescribeRepositories"}}},
		{"a secret with its resource policy",
			[]world.Need{{Op: "secretsmanager:DescribeSecret", Key: "arn:aws:secretsmanager:ap-northeast-1:" + acct + ":secret:db-AbCdEf"}},
			nil,
			[]read{{Op: "secretsmanager:DescribeSecret", Key: "arn:aws:secretsmanager:ap-northeast-1:" + acct + ":secret:db-AbCdEf"}, {Op: "secretsmanager:GetResourcePolicy", Key: "arn:aws:secretsmanager:ap-northeast-1:" + acct + ":secret:db-AbCdEf"}}},
		{"a key with its key policy",
			[]world.Need{{Op: "kms:DescribeKey", Key: "arn:aws:kms:ap-northeast-1:" + acct + ":key/k"}},
			nil,
			[]read{{Op: "kms:DescribeKey", Key: "arn:aws:kms:ap-northeast-1:" + acct + ":key/k"}, {Op: "kms:GetKeyPolicy", Key: "arn:aws:kms:ap-northeast-1:" + acct + ":key/k"}}},
		{"a bucket's location (its policy follows, in its region)",
			[]world.Need{{Op: "s3:GetBucketLocation", Key: "envfiles"}},
			nil,
			[]read{{Op: "s3:GetBucketLocation", Key: "envfiles"}}},
		{"whole-region listings once, whatever the keys",
			[]world.Need{{Op: "logs:DescribeLogGroups", Key: "arn:aws:logs:ap-northeast-1:" + acct + ":log-group:/a"}, {Op: "logs:DescribeLogGroups", Key: "arn:aws:logs:ap-northeast-1:" + acct + ":log-group:/b"}, {Op: "ssm:DescribeParameters", Key: "arn:aws:ssm:ap-northeast-1:" + acct + ":parameter/p"}},
			nil,
			[]read{{Op: "logs:DescribeLogGroups"}, {Op: "ssm:DescribeParameters"}}},
		{"another account's parameter: not ours to list",
			[]world.Need{{Op: "ssm:DescribeParameters", Key: "arn:aws:ssm:ap-northeast-1:210987654321:parameter/p"}},
			nil, nil},
		{"a task subnet brings the network listings",
			[]world.Need{{Op: "ec2:DescribeSubnets", Key: "subnet-1"}},
			nil,
			func() []read {
				var out []read
				for _, op := range networkReads {
					out = append(out, read{Op: op})
				}
				return out
			}()},
		{"Fargate capacity providers are not read",
			[]world.Need{{Op: "ecs:DescribeCapacityProviders", Key: "FARGATE"}},
			nil, nil},
		{"route53 is not read: the step names the call",
			[]world.Need{{Op: "route53:ListHostedZonesByVPC", Key: "vpc-1"}},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlanner(acct, tt.roleFor)
			got := p.plan(tt.needs, &world.World{})
			if !slices.Equal(got, tt.want) {
				t.Errorf("plan = %v\nwant %v", got, tt.want)
			}
			if again := p.plan(tt.needs, &world.World{}); len(again) != 0 {
				t.Errorf("second plan = %v, want nothing (each resource read once per run)", again)
			}
		})
	}
}

// VPC-UG "DNS attributes for your VPC": the VPC attributes of the task
// subnets' VPC follow the subnet listing.
func TestPlanReadsTheDNSAttributesOfTheTaskVPC(t *testing.T) {
	w := &world.World{}
	w.Services.Put("svc", &world.Service{ServiceName: "svc", NetworkConfiguration: &world.NetworkConfiguration{
		AwsvpcConfiguration: &world.AwsVpcConfiguration{Subnets: []string{"subnet-1"}}}})
	p := newPlanner(acct, nil)
	first := p.plan(nil, w)
	if len(first) != len(networkReads) {
		t.Fatalf("first round = %v, want the network listings", first)
	}
	w.Subnets = world.NewSet[world.Subnet]("ec2:DescribeSubnets", true)
	w.Subnets.Put("subnet-1", &world.Subnet{SubnetId: "subnet-1", VpcId: "vpc-1"})
	got := p.plan(nil, w)
	want := []read{{Op: "ec2:DescribeVpcAttribute", Key: "vpc-1", Arg: "enableDnsSupport"}, {Op: "ec2:DescribeVpcAttribute", Key: "vpc-1", Arg: "enableDnsHostnames"}}
	if !slices.Equal(got, want) {
		t.Errorf("second round = %v, want %v", got, want)
	}
}

func TestRoleName(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:iam::123456789012:role/exec":            "exec",
		"arn:aws:iam::123456789012:role/service-role/ex": "ex",
		"exec": "exec",
	} {
		if got := roleName(in); got != want {
			t.Errorf("roleName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSecretShapeKeepsOnlyKeyNames(t *testing.T) {
	v := `{"password":"hunter2","username":"app"}`
	got := secretShape("arn:s", &v, false)
	if got["Kind"] != "json" || !slices.Equal(got["Keys"].([]string), []string{"password", "username"}) {
		t.Errorf("shape = %v", got)
	}
	for _, val := range got {
		if s, ok := val.(string); ok && s == "hunter2" {
			t.Error("the value leaked into the shape")
		}
	}
	text := "plain"
	if got := secretShape("arn:s", &text, false); got["Kind"] != "text" || got["Keys"] != nil {
		t.Errorf("text shape = %v", got)
	}
	if got := secretShape("arn:s", nil, true); got["Kind"] != "binary" {
		t.Errorf("binary shape = %v", got)
	}
}

// FuzzSecretShape: whatever the value, the shape never carries it, and a
// JSON object's shape lists exactly its keys.
func FuzzSecretShape(f *testing.F) {
	for _, s := range []string{`{"username":"u","password":"p"}`, `plain`, `[1,2]`, `{}`, `null`, `{"a":{"b":"secret"}}`, "\"s\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		e := secretShape("id", &v, false)
		keys, _ := e["Keys"].([]string)
		for k, x := range e {
			if s, ok := x.(string); ok && k != "SecretId" && k != "Kind" && s == v {
				t.Fatalf("value in the shape: %v", e)
			}
		}
		switch e["Kind"] {
		case "json":
			if !slices.IsSorted(keys) {
				t.Errorf("keys not sorted: %v", keys)
			}
		case "text":
			if keys != nil {
				t.Errorf("keys on a text secret: %v", keys)
			}
		default:
			t.Errorf("kind %v", e["Kind"])
		}
	})
}

// docs/snapshot.md: with GetRepositoryPolicy present, a listed repository
// without an entry has no policy. So the policy of every repository a task
// definition pulls from is read when the task definition arrives, even
// when the repository listing is already in.
func TestPlanReadsThePolicyOfEveryRepositoryPulledFrom(t *testing.T) {
	w := &world.World{}
	w.TaskDefinitions.Put("td", &world.TaskDefinition{Family: "td", ContainerDefinitions: []world.ContainerDefinition{
		{Name: "app", Image: acct + ".dkr.ecr.eu-west-1.amazonaws.com/team/app:1"},
		{Name: "side", Image: "public.ecr.aws/nginx/nginx:1"},
	}})
	p := newPlanner(acct, nil)
	p.done[read{Op: "ecr:DescribeRepositories"}] = true // listed in an earlier round
	got := p.plan(nil, w)
	want := []read{{Op: "ecr:GetRepositoryPolicy", Key: "arn:aws:ecr:eu-west-1:" + acct + ":repository/team/app"}}
	if !slices.Equal(got, want) {
		t.Errorf("plan = %v, want %v", got, want)
	}
}
