package cloudformation

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// FuzzRead checks that Read never panics and that every error it returns
// is an *source.InputError.
func FuzzRead(f *testing.F) {
	// Small scenarios only: with the 30 KB CDK templates as seeds the
	// fuzzing engine spends its time minimizing them and stalls.
	for _, name := range []string{"importvalue-subnets.yaml", "exec-role-parameter-default.yaml", "sam-nested-network.yaml"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "scenarios", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("Resources:\n  A: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 2, 8]]}}\n"))
	f.Add([]byte("Conditions:\n  C: !Or [!Condition C, !Equals [a, b]]\nResources:\n  A: {Type: AWS::Logs::LogGroup, Condition: C}\n"))
	f.Add([]byte(`{"Resources":{"A":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":{"Fn::Sub":["${X}",{"X":{"Fn::ImportValue":"y"}}]}}}}}`))
	// Region and account pins, and the readers of EC2 capacity, DHCP
	// options and hosted zones.
	f.Add([]byte("Resources:\n  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, AvailabilityZone: us-west-2a}}\n  B: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !Join ['', ['arn:', !Ref AWS::Partition, ':logs:eu-west-1:111122223333:log-group:x']]}}\n"))
	f.Add([]byte("Resources:\n  P: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [!ImportValue r]}}\n  L: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {IamInstanceProfile: {Arn: !GetAtt P.Arn}, NetworkInterfaces: [{DeviceIndex: 0, Groups: [sg-1]}], UserData: !Base64 'ECS_CLUSTER=x'}}}\n  G: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {VPCZoneIdentifier: [s], LaunchTemplate: {LaunchTemplateId: !Ref L}}}\n"))
	f.Add([]byte("Resources:\n  D: {Type: AWS::EC2::DHCPOptions, Properties: {DomainNameServers: [10.0.0.2]}}\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: false}}\n  A: {Type: AWS::EC2::VPCDHCPOptionsAssociation, Properties: {VpcId: !Ref V, DhcpOptionsId: !Ref D}}\n  Z: {Type: AWS::Route53::HostedZone, Properties: {Name: x., VPCs: [{VPCId: !Ref V, VPCRegion: us-east-1}]}}\n  R: {Type: AWS::Route53::RecordSetGroup, Properties: {HostedZoneName: x., RecordSets: [{Name: a.x., Type: A, AliasTarget: {DNSName: b, HostedZoneId: z}}]}}\n"))
	// Syntax errors: a tab in the indentation, truncated JSON, UTF-16.
	f.Add([]byte("Resources:\n\tA:\n    Type: AWS::Logs::LogGroup\n"))
	f.Add([]byte("{\"Resources\": {\"A\": {\"Type\": \"AWS::Logs::LogGroup\"}"))
	f.Add([]byte{0xFF, 0xFE, '{', 0, '}', 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Read("fuzz.yaml", data)
		if err == nil {
			return
		}
		var ie *source.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is %T, not *source.InputError", err, err)
		}
		// A column comes with its line, and the input is quoted by short
		// prefixes only.
		if ie.Column > 0 && ie.Line <= 0 {
			t.Fatalf("column %d without a line: %v", ie.Column, err)
		}
		if len(err.Error()) > 2048 {
			t.Fatalf("error of %d bytes: %.300q", len(err.Error()), err)
		}
	})
}
