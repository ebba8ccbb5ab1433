package cloudformation

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// probe wraps an expression as a log group name, the simplest string
// property, so that each case reads one evaluated value.
func probe(expr string) string {
	return "Resources:\n  Probe:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: " + expr + "\n"
}

// docEnv is the region and account of the AWS documentation's examples,
// given as options: without them a template pins its own or is unknown.
var docEnv = []Option{WithRegion("us-east-1"), WithAccount("123456789012")}

func probed(t *testing.T, tpl string, opts ...Option) string {
	t.Helper()
	w, err := Read("stack.yaml", []byte(tpl), opts...)
	if err != nil {
		t.Fatal(err)
	}
	gs := w.LogGroups.All()
	if len(gs) != 1 {
		t.Fatalf("%d log groups", len(gs))
	}
	return gs[0].LogGroupName
}

func TestIntrinsics(t *testing.T) {
	params := "Parameters:\n  Env: {Type: String, Default: prod}\n  Nets: {Type: CommaDelimitedList, Default: 'a, b,c'}\n  NoDefault: {Type: String}\n  Port: {Type: Number, Default: 8080}\n  Latest: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/tag}\n"
	maps := "Mappings:\n  Regions:\n    us-east-1: {Ami: ami-1, Zone: east}\n    eu-west-1: {Ami: ami-2, Zone: west}\n"
	conds := "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Not [!Condition IsProd]\n  Both: !And [!Condition IsProd, !Equals [a, a]]\n  Either: !Or [!Condition IsDev, !Equals [!Ref NoDefault, x]]\n  Unknown: !Equals [!Ref NoDefault, x]\n"
	head := params + maps + conds
	cases := []struct {
		name string
		expr string
		opts []Option
		want string
	}{
		{"Ref-pseudo-AWS::Region without --region or a pin is a stand-in (Pseudo parameters reference)", "!Ref AWS::Region", nil, world.Unresolved("AWS::Region (no --region, and the template pins none)")},
		{"Ref-pseudo-AWS::Region option (Pseudo parameters reference)", "!Ref AWS::Region", []Option{WithRegion("eu-west-1")}, "eu-west-1"},
		{"Ref-pseudo-AWS::AccountId without --account or a pin is a stand-in (Pseudo parameters reference)", "!Ref AWS::AccountId", nil, world.Unresolved("AWS::AccountId (no --account, and the template pins none)")},
		{"Ref-pseudo-AWS::AccountId option (Pseudo parameters reference)", "!Ref AWS::AccountId", docEnv, "123456789012"},
		{"Ref-pseudo-AWS::Partition from cn region (Pseudo parameters reference)", "!Ref AWS::Partition", []Option{WithRegion("cn-north-1")}, "aws-cn"},
		{"Ref-pseudo-AWS::Partition from us-gov region (Pseudo parameters reference)", "!Ref AWS::Partition", []Option{WithRegion("us-gov-west-1")}, "aws-us-gov"},
		{"Ref-pseudo-AWS::URLSuffix China (Pseudo parameters reference)", "!Ref AWS::URLSuffix", []Option{WithRegion("cn-north-1")}, "amazonaws.com.cn"},
		{"Ref-pseudo-AWS::StackName from file name (Pseudo parameters reference)", "!Ref AWS::StackName", nil, "stack"},
		{"Ref-parameter Default (Parameters)", "!Ref Env", nil, "prod"},
		{"Ref-parameter override (Parameters)", "!Ref Env", []Option{WithParameters(map[string]string{"Env": "dev"})}, "dev"},
		{"Ref-parameter without value is unresolved (Parameters)", "!Ref NoDefault", nil, world.Unresolved(`parameter "NoDefault"`)},
		{"Ref-parameter SSM type is unresolved (Parameters, SSM parameter types)", "!Ref Latest", nil, world.Unresolved(`parameter "Latest" (AWS::SSM::Parameter::Value<String> "/app/tag", read from SSM at deploy)`)},
		{"Ref-parameter Number keeps its text (Parameters)", "!Sub 'port-${Port}'", nil, "port-8080"},
		{"Fn::Sub pseudo and literal (Fn::Sub)", "!Sub '${AWS::Region}-${!Literal}-${Env}'", docEnv, "us-east-1-${Literal}-prod"},
		{"Fn::Sub variable map (Fn::Sub)", "!Sub ['${A}/${B}', {A: x, B: !Ref Env}]", nil, "x/prod"},
		{"Fn::Sub list parameter joins with commas (Fn::Sub)", "!Sub '${Nets}'", nil, "a,b,c"},
		{"Fn::Join long form (Fn::Join)", `{"Fn::Join": ["-", [a, {"Ref": "Env"}, c]]}`, nil, "a-prod-c"},
		{"Fn::Join over CommaDelimitedList (Parameters, Fn::Join)", "!Join ['|', !Ref Nets]", nil, "a|b|c"},
		{"Fn::Select (Fn::Select)", "!Select [1, [x, y, z]]", nil, "y"},
		{"Fn::Select with string index (Fn::Select)", "!Select ['2', [x, y, z]]", nil, "z"},
		{"Fn::Split then Fn::Select (Fn::Split)", "!Select [2, !Split [':', 'arn:aws:iam']]", nil, "iam"},
		{"Fn::If true branch (Condition functions)", "!If [IsProd, big, small]", nil, "big"},
		{"Fn::If false branch via Fn::Not (Condition functions)", "!If [IsDev, big, small]", nil, "small"},
		{"Fn::And (Condition functions)", "!If [Both, yes, no]", nil, "yes"},
		{"Fn::Or decided despite an unknown operand (Condition functions)", "!If [Either, yes, no]", []Option{WithParameters(map[string]string{"Env": "dev"})}, "yes"},
		{"Fn::If on unknown condition is unresolved (Condition functions)", "!If [Unknown, yes, no]", nil, world.Unresolved(`Fn::If condition "Unknown", which depends on parameter "NoDefault"`)},
		{"Fn::FindInMap with pseudo key (Fn::FindInMap)", "!FindInMap [Regions, !Ref AWS::Region, Zone]", []Option{WithRegion("eu-west-1")}, "west"},
		{"Fn::ImportValue is unresolved (Fn::ImportValue)", "!ImportValue shared-PrivateSubnetA", nil, world.Unresolved(`Fn::ImportValue "shared-PrivateSubnetA"`)},
		{"Fn::ImportValue of Fn::Sub (Fn::ImportValue)", "{'Fn::ImportValue': !Sub '${Env}-Vpc'}", nil, world.Unresolved(`Fn::ImportValue "prod-Vpc"`)},
		{"Fn::GetAZs (Fn::GetAZs)", "!Select [0, !GetAZs '']", []Option{WithRegion("ap-northeast-1")}, "ap-northeast-1a"},
		{"Fn::Base64 (Fn::Base64)", "!Base64 abc", nil, "YWJj"},
		{"Fn::Cidr (Fn::Cidr)", "!Select [2, !Cidr [10.0.0.0/16, 4, 8]]", nil, "10.0.2.0/24"},
		{"Fn::Cidr small blocks (Fn::Cidr)", "!Join [',', !Cidr [192.168.0.0/24, 3, 5]]", nil, "192.168.0.0/27,192.168.0.32/27,192.168.0.64/27"},
		{"Fn::Length (AWS::LanguageExtensions Fn::Length)", "!Length [a, b, c]", nil, "3"},
		{"Fn::ToJsonString (AWS::LanguageExtensions Fn::ToJsonString)", "!ToJsonString {a: [1, true, x]}", nil, `{"a":[1,true,"x"]}`},
		{"Fn::Join with an unresolved part keeps the marker (Fn::Join)", "!Join ['', ['arn:aws:iam::', !ImportValue acct, ':role/x']]", nil, "arn:aws:iam::" + world.Unresolved(`Fn::ImportValue "acct"`) + ":role/x"},
		{"Fn::Transform is unresolved (Fn::Transform)", "{'Fn::Transform': {Name: Upper, Parameters: {}}}", nil, world.Unresolved(`Fn::Transform macro "Upper", expanded at deploy`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := probed(t, head+probe(tc.expr), tc.opts...); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestReturnValues checks Ref and Fn::GetAtt per the "Return values"
// section of each resource type's page in the CFN template reference.
func TestReturnValues(t *testing.T) {
	res := `
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.1.1.0/24}}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: d, VpcId: !Ref Vpc}}
  Role: {Type: AWS::IAM::Role, Properties: {Path: /svc/, AssumeRolePolicyDocument: {}}}
  Named: {Type: AWS::IAM::Role, Properties: {RoleName: exec, AssumeRolePolicyDocument: {}}}
  Pol: {Type: AWS::IAM::ManagedPolicy, Properties: {PolicyDocument: {Statement: []}}}
  Repo: {Type: AWS::ECR::Repository, Properties: {RepositoryName: app}}
  Secret: {Type: AWS::SecretsManager::Secret, Properties: {Name: db}}
  Key: {Type: AWS::KMS::Key}
  Alias: {Type: AWS::KMS::Alias, Properties: {AliasName: alias/app, TargetKeyId: !Ref Key}}
  Group: {Type: AWS::Logs::LogGroup}
  Param: {Type: AWS::SSM::Parameter, Properties: {Name: /app/x, Type: String, Value: v}}
  Ep: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.s3}}
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: prod}}
  Td: {Type: AWS::ECS::TaskDefinition, Properties: {Family: app}}
  Svc: {Type: AWS::ECS::Service, Properties: {ServiceName: web, Cluster: !Ref Cluster}}
  Eip: {Type: AWS::EC2::EIP}
  Fn: {Type: AWS::Lambda::Function}
`
	cases := []struct{ name, expr, want string }{
		{"AWS::EC2::VPC Ref is the synthetic id", "!Ref Vpc", "vpc-Vpc"},
		{"AWS::EC2::VPC GetAtt CidrBlock", "!GetAtt Vpc.CidrBlock", "10.1.0.0/16"},
		{"AWS::EC2::VPC GetAtt DefaultSecurityGroup", "!GetAtt Vpc.DefaultSecurityGroup", "sg-Vpc-default"},
		{"AWS::EC2::Subnet Ref", "!Ref Sub", "subnet-Sub"},
		{"AWS::EC2::Subnet GetAtt VpcId", "!GetAtt Sub.VpcId", "vpc-Vpc"},
		{"AWS::EC2::SecurityGroup GetAtt GroupId list form", "!GetAtt [Sg, GroupId]", "sg-Sg"},
		{"AWS::IAM::Role Ref is the generated name", "!Ref Role", "stack-Role"},
		{"AWS::IAM::Role GetAtt Arn with Path", "!GetAtt Role.Arn", "arn:aws:iam::123456789012:role/svc/stack-Role"},
		{"AWS::IAM::Role GetAtt Arn with RoleName", "!GetAtt Named.Arn", "arn:aws:iam::123456789012:role/exec"},
		{"AWS::IAM::ManagedPolicy Ref is the ARN", "!Ref Pol", "arn:aws:iam::123456789012:policy/stack-Pol"},
		{"AWS::ECR::Repository Ref is the name", "!Ref Repo", "app"},
		{"AWS::ECR::Repository GetAtt Arn", "!GetAtt Repo.Arn", "arn:aws:ecr:us-east-1:123456789012:repository/app"},
		{"AWS::ECR::Repository GetAtt RepositoryUri", "!GetAtt Repo.RepositoryUri", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"},
		{"AWS::SecretsManager::Secret Ref is the ARN", "!Ref Secret", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-cfnsyn"},
		{"AWS::KMS::Key Ref is the key id", "!Ref Key", "Key"},
		{"AWS::KMS::Key GetAtt Arn", "!GetAtt Key.Arn", "arn:aws:kms:us-east-1:123456789012:key/Key"},
		{"AWS::KMS::Alias Ref is the alias name", "!Ref Alias", "alias/app"},
		{"AWS::Logs::LogGroup GetAtt Arn ends in :*", "!GetAtt Group.Arn", "arn:aws:logs:us-east-1:123456789012:log-group:stack-Group:*"},
		{"AWS::SSM::Parameter Ref is the name", "!Ref Param", "/app/x"},
		{"AWS::EC2::VPCEndpoint Ref", "!Ref Ep", "vpce-Ep"},
		{"AWS::ECS::Cluster GetAtt Arn", "!GetAtt Cluster.Arn", "arn:aws:ecs:us-east-1:123456789012:cluster/prod"},
		{"AWS::ECS::TaskDefinition Ref is the ARN", "!Ref Td", "arn:aws:ecs:us-east-1:123456789012:task-definition/app:1"},
		{"AWS::ECS::Service Ref is the ARN", "!Ref Svc", "arn:aws:ecs:us-east-1:123456789012:service/prod/web"},
		{"AWS::ECS::Service GetAtt Name", "!GetAtt Svc.Name", "web"},
		{"AWS::EC2::EIP GetAtt AllocationId", "!GetAtt Eip.AllocationId", "eipalloc-Eip"},
		{"unsupported type GetAtt is unresolved", "!GetAtt Fn.Arn", world.Unresolved("Fn::GetAtt Fn.Arn (AWS::Lambda::Function), known only after deploy")},
	}
	for _, tc := range cases {
		t.Run(tc.name+" (CFN reference Return values)", func(t *testing.T) {
			tpl := "Resources:" + res + "  Probe:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: " + tc.expr + "\n"
			w, err := Read("stack.yaml", []byte(tpl), docEnv...)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range w.LogGroups.All() {
				if g.Origin.Path == "Probe" {
					if g.LogGroupName != tc.want {
						t.Fatalf("got %q, want %q", g.LogGroupName, tc.want)
					}
					return
				}
			}
			t.Fatal("probe not found")
		})
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name     string
		tpl      string
		opts     []Option
		wantLine int
		want     string
	}{
		{"unknown short tag (Intrinsic function reference)", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Reff X\n", nil, 5, "unknown tag !Reff"},
		{"unknown long-form function (Intrinsic function reference)", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: {Fn::Foo: x}\n", nil, 5, "unknown intrinsic function Fn::Foo"},
		{"malformed YAML (Template formats)", "Resources:\n  G:\n    Type: a: b\n", nil, 3, "mapping values are not allowed"},
		{"malformed JSON (Template formats)", "{\n  \"Resources\": {\n    \"G\": {\"Type\": \"AWS::Logs::LogGroup\",}\n", nil, 0, ""},
		{"Properties is a list (Resources)", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      - a\n", nil, 5, "G.Properties: want object, got list"},
		{"circular Ref names the cycle (Resources, DependsOn)", "Resources:\n  A:\n    Type: AWS::EC2::SecurityGroup\n    Properties: {GroupDescription: !GetAtt B.GroupId}\n  B:\n    Type: AWS::EC2::SecurityGroup\n    Properties: {GroupDescription: !Ref A}\n", nil, 3, "A → B → A"},
		{"Ref to nothing (Ref)", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref Nope\n", nil, 5, `"Nope" is not a parameter`},
		{"AllowedValues on the default (Parameters)", "Parameters:\n  Env:\n    Type: String\n    Default: qa\n    AllowedValues: [dev, prod]\nResources:\n  G: {Type: AWS::Logs::LogGroup}\n", nil, 4, `value "qa" is not one of AllowedValues [dev, prod]`},
		{"AllowedValues on an override (Parameters)", "Parameters:\n  Env:\n    Type: String\n    AllowedValues: [dev, prod]\nResources:\n  G: {Type: AWS::Logs::LogGroup}\n", []Option{WithParameters(map[string]string{"Env": "stage"})}, 3, `value "stage"`},
		{"override of an undeclared parameter (Parameters)", "Resources:\n  G: {Type: AWS::Logs::LogGroup}\n", []Option{WithParameters(map[string]string{"Evn": "x"})}, 0, `parameter "Evn" given with --parameter is not declared`},
		{"YAML alias (Template formats)", "Resources:\n  G: &g {Type: AWS::Logs::LogGroup}\n  H: *g\n", nil, 2, "YAML anchors and aliases are not allowed"},
		{"Fn::Select out of range (Fn::Select)", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Select [3, [a, b]]\n", nil, 5, "index 3 out of range"},
		{"undefined condition (Conditions)", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Condition: Nope\n", nil, 4, `condition "Nope" is not defined`},
		{"circular condition (Conditions)", "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Condition: A\n", nil, 2, "circular condition"},
		{"SecureString parameter (AWS::SSM::Parameter)", "Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties: {Type: SecureString, Value: x}\n", nil, 4, "cannot create SecureString"},
		{"missing Resources (Template anatomy)", "Description: x\n", nil, 1, "no Resources section"},
		{"unknown section (Template anatomy)", "Resource:\n  G: {Type: AWS::Logs::LogGroup}\n", nil, 1, `unknown template section "Resource"`},
		{"wrong property type (AWS::ECS::TaskDefinition)", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: {Name: x}\n", nil, 5, "want list, got object"},
		{"Fn::GetAtt without attribute (Fn::GetAtt)", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !GetAtt Nope\n", nil, 5, "want Resource.Attribute"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte(tc.tpl), tc.opts...)
			var ie *source.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T), want *source.InputError", err, err)
			}
			if ie.Kind != "template" || ie.File != "stack.yaml" {
				t.Fatalf("kind %q file %q", ie.Kind, ie.File)
			}
			if tc.wantLine != 0 && ie.Line != tc.wantLine {
				t.Fatalf("line %d, want %d: %v", ie.Line, tc.wantLine, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), `loading template "stack.yaml"`) {
				t.Fatalf("error %q does not start with the file", err)
			}
		})
	}
}
