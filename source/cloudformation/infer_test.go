package cloudformation

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestInferRegionAndAccount: without --region and --account the reader
// takes the region and account the template pins and never guesses (CFN
// User Guide "Pseudo parameters reference"; AWS General Reference "Amazon
// Resource Names" for the ARN parts; EC2-UG "Regions and Zones" for zone
// names; VPC-UG "AWS services that integrate with AWS PrivateLink" for
// endpoint service names).
func TestInferRegionAndAccount(t *testing.T) {
	const logs = "Resources:\n  Td:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: nginx\n          LogConfiguration: {LogDriver: awslogs, Options: {awslogs-group: g, awslogs-region: us-west-2, awslogs-stream-prefix: app}}\n"
	cases := []struct {
		name                 string
		tpl                  string
		opts                 []Option
		region, partition    string
		regionFrom           string // substring of RegionFrom
		account, accountFrom string
	}{
		{"awslogs-region pins the region", logs, nil, "us-west-2", "aws", "awslogs-region (stack.yaml:8)", "", "no --account, and the template pins none"},
		{"an Availability Zone name pins its region", "Resources:\n  S: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24, AvailabilityZone: eu-central-1b}}\n", nil, "eu-central-1", "aws", "Availability Zone eu-central-1b in S.AvailabilityZone (stack.yaml:2)", "", ""},
		{"an ARN pins region, account and partition", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ExecutionRoleArn: arn:aws-cn:iam::111122223333:role/exec\n      ContainerDefinitions: [{Name: a, Image: x, Secrets: [{Name: S, ValueFrom: 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db'}]}]\n", nil, "cn-north-1", "aws-cn", "ARN in T.ContainerDefinitions.Secrets.ValueFrom (stack.yaml:6)", "111122223333", "pinned by the template: 111122223333, from the ARN in T.ExecutionRoleArn (stack.yaml:5) and 1 more place"},
		{"an endpoint service name pins the region", "Resources:\n  E: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: vpc-1, ServiceName: com.amazonaws.ap-south-1.ecr.api}}\n", nil, "ap-south-1", "aws", "endpoint service name", "", ""},
		{"a CDK Fn::Join ARN around Ref AWS::Partition pins", `{"Resources": {"G": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":logs:eu-north-1:210987654321:log-group:x"]]}}}}}`, nil, "eu-north-1", "aws", "ARN in G.LogGroupName", "210987654321", "210987654321"},
		{"a parameter Default pins", "Parameters:\n  Zone: {Type: String, Default: sa-east-1a}\n" + probe("!Ref Zone"), nil, "sa-east-1", "aws", "the Default of parameter Zone (stack.yaml:2)", "", ""},
		{"Fn::Sub with ${AWS::Region} and Mappings keys do not pin", "Mappings:\n  M:\n    us-east-1: {A: b}\n" + probe("!Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:x'"), nil, "", "", "no --region, and the template pins none", "", "no --account, and the template pins none"},
		{"two regions: unknown, both named with file:line", "Resources:\n  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: us-east-1a}}\n  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: eu-west-1a}}\n", nil, "", "", "no --region, and the template pins several: us-east-1 (stack.yaml:2), eu-west-1 (stack.yaml:3)", "", ""},
		{"two accounts: unknown", probe("arn:aws:iam::111122223333:role/a") + "  Q: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: 'arn:aws:iam::444455556666:role/b'}}\n", nil, "", "aws", "", "", "pins several: 111122223333 (stack.yaml:5), 444455556666 (stack.yaml:6)"},
		{"a --parameter value pins", "Parameters:\n  Zone: {Type: String}\n" + probe("!Ref Zone"), []Option{WithParameters(map[string]string{"Zone": "ca-central-1a"})}, "ca-central-1", "aws", "Availability Zone ca-central-1a in --parameter Zone", "", ""},
		{"a Principal in another account does not pin the account", "Resources:\n  K: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::444455556666:root'}, Action: 'kms:*', Resource: '*'}]}}}\n", nil, "", "", "", "", "no --account, and the template pins none"},
		{"a Serverless Application Repository ARN pins nothing", "Transform: AWS::Serverless-2016-10-31\nResources:\n  App: {Type: AWS::Serverless::Application, Properties: {Location: {ApplicationId: 'arn:aws:serverlessrepo:us-east-1:077246666028:applications/x', SemanticVersion: 1.0.0}}}\n", nil, "", "aws", "pins none", "", "pins none"},
		{"a public Lambda layer pins the region, not the account", "Resources:\n  F: {Type: AWS::Lambda::Function, Properties: {Layers: ['arn:aws:lambda:eu-west-1:017000801446:layer:Powertools:3']}}\n", nil, "eu-west-1", "aws", "ARN in F.Layers", "", "pins none"},
		{"every ARN of a string counts: two regions and accounts in one Fn::Sub", probe("!Sub 'arn:aws:logs:us-west-2:111122223333:log-group:a,arn:aws:logs:eu-west-1:444455556666:log-group:b'"), nil, "", "aws", "pins several: us-west-2 (stack.yaml:5), eu-west-1 (stack.yaml:5)", "", "pins several: 111122223333 (stack.yaml:5), 444455556666 (stack.yaml:5)"},
		{"every endpoint service name of a string counts", probe("'com.amazonaws.us-west-2.logs com.amazonaws.us-east-2.logs'"), nil, "", "", "pins several: us-west-2 (stack.yaml:5), us-east-2 (stack.yaml:5)", "", ""},
		{"a short-form !Join with ':' and an unquoted account id", "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Join\n        - ':'\n        - - arn\n          - !Ref AWS::Partition\n          - logs\n          - ap-east-1\n          - 111122223333\n          - log-group\n", nil, "ap-east-1", "aws", "ARN in G.LogGroupName (stack.yaml:7)", "111122223333", "(stack.yaml:7)"},
		{"two ARNs built by one Fn::Join", `{"Resources": {"G": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":logs:us-west-2:111122223333:log-group:a,arn:", {"Ref": "AWS::Partition"}, ":logs:eu-west-1:111122223333:log-group:b"]]}}}}}`, nil, "", "", "pins several: us-west-2 (stack.yaml:1), eu-west-1 (stack.yaml:1)", "111122223333", "111122223333"},
		{"a CommaDelimitedList Default pins through each element", "Parameters:\n  Zones: {Type: CommaDelimitedList, Default: 'us-west-2a,us-west-2b'}\n" + probe("!Select [0, !Ref Zones]"), nil, "us-west-2", "aws", "the Default of parameter Zones (stack.yaml:2) and 1 more place", "", ""},
		{"--region wins over a pin", logs, []Option{WithRegion("eu-west-3"), WithAccount("123456789012")}, "eu-west-3", "aws", "--region", "123456789012", "--account"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustRead(t, tc.tpl, tc.opts...)
			if w.Region != tc.region || w.Partition != tc.partition || !strings.Contains(w.RegionFrom, tc.regionFrom) {
				t.Errorf("region %q (%q) partition %q, want %q (%q) %q", w.Region, w.RegionFrom, w.Partition, tc.region, tc.regionFrom, tc.partition)
			}
			if w.AccountID != tc.account || !strings.Contains(w.AccountFrom, tc.accountFrom) {
				t.Errorf("account %q (%q), want %q (%q)", w.AccountID, w.AccountFrom, tc.account, tc.accountFrom)
			}
		})
	}
}

// TestRegionFromSentence: RegionFrom names the first place and counts
// the others.
func TestRegionFromSentence(t *testing.T) {
	one := "Resources:\n  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: us-west-2a}}\n"
	two := one + "  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: us-west-2b}}\n"
	three := two + "  C: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: us-west-2c}}\n"
	for _, tc := range []struct{ name, tpl, want string }{
		{"one place", one, "pinned by the template: us-west-2, from the Availability Zone us-west-2a in A.AvailabilityZone (stack.yaml:2)"},
		{"two places", two, "pinned by the template: us-west-2, from the Availability Zone us-west-2a in A.AvailabilityZone (stack.yaml:2) and 1 more place"},
		{"three places", three, "pinned by the template: us-west-2, from the Availability Zone us-west-2a in A.AvailabilityZone (stack.yaml:2) and 2 more places"},
	} {
		if got := mustRead(t, tc.tpl).RegionFrom; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestUnknownRegionIsAStandIn: a template that pins several regions
// resolves AWS::Region to a stand-in naming them, and ARNs built from it
// hold that stand-in (world/unresolved.go).
func TestUnknownRegionIsAStandIn(t *testing.T) {
	tpl := "Resources:\n  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: us-east-1a}}\n  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: eu-west-1a}}\n  Probe: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !GetAtt R.Arn}}\n  R: {Type: AWS::ECR::Repository, Properties: {RepositoryName: app}}\n"
	w := mustRead(t, tpl, WithAccount("123456789012"))
	want := "arn:<unresolved AWS::Partition (no --region, and the template pins none)>:ecr:" + world.Unresolved("AWS::Region (no --region, and the template pins several: us-east-1 (stack.yaml:2), eu-west-1 (stack.yaml:3))") + ":123456789012:repository/app"
	for _, g := range w.LogGroups.All() {
		if g.LogGroupName != want {
			t.Fatalf("got %q\nwant %q", g.LogGroupName, want)
		}
	}
}
