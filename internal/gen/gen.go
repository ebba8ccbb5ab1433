// Package gen generates inputs for scale tests and benchmarks: a snapshot
// document (docs/snapshot.md) of many services in one VPC, each shaped like
// the embedded private-endpoints and ssm-secrets-ok examples (Fargate tasks
// on interface VPC endpoints, ECR images, Secrets Manager and Parameter
// Store secrets, awslogs). The output is deterministic for a Config.
package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Config is the shape of a bulk snapshot.
type Config struct {
	// Services is the number of ECS services, each with its own task
	// definition, execution role, repositories, secrets and log group.
	Services int
	// Containers is the number of containers per task definition.
	Containers int
	// Subnets is the number of private subnets in the VPC (at most 250).
	Subnets int
	// ServiceSubnets is the number of subnets each service places its tasks
	// in (taken round robin from the VPC's).
	ServiceSubnets int
	// Rules is the number of security group rules in the task security
	// group, besides the egress rule the tasks need (HTTPS to the
	// endpoints).
	Rules int
}

// DefaultConfig is the shape the scale figures of docs/testing.md use.
func DefaultConfig(services int) Config {
	return Config{Services: services, Containers: 2, Subnets: 51, ServiceSubnets: 3, Rules: 600}
}

// The fixed identity of the generated account.
const (
	region  = "ap-northeast-1"
	account = "123456789012"
	vpcID   = "vpc-0b5140abe2a523e54"
	taskSG  = "sg-0000000000000a001"
	vpceSG  = "sg-0000000000000a002"
	rtbID   = "rtb-0000000000000b001"
	mainRtb = "rtb-0000000000000b000"
	aclID   = "acl-0000000000000c001"
	dhcpID  = "dopt-0602eb9befcc86ff3"
	s3PL    = "pl-61a54008"
)

type obj = map[string]any

// BulkSnapshot returns the snapshot document c describes.
func BulkSnapshot(c Config) ([]byte, error) {
	switch {
	case c.Services < 1:
		return nil, errors.New("services must be at least 1")
	case c.Containers < 1:
		return nil, errors.New("containers must be at least 1")
	case c.Subnets < 1 || c.Subnets > 250:
		return nil, fmt.Errorf("subnets %d: want 1 to 250", c.Subnets)
	case c.ServiceSubnets < 1 || c.ServiceSubnets > c.Subnets:
		return nil, fmt.Errorf("service subnets %d: want 1 to %d", c.ServiceSubnets, c.Subnets)
	case c.Rules < 0:
		return nil, errors.New("rules must not be negative")
	}
	subnets := make([]string, c.Subnets)
	for i := range subnets {
		subnets[i] = fmt.Sprintf("subnet-%017x", 0xd000+i)
	}
	doc := obj{
		"snapshotVersion": "1",
		"partition":       "aws",
		"region":          region,
		"accountId":       account,
		"ec2":             ec2(c, subnets),
	}
	var (
		services, taskDefs, roles, attached, inline, inlineDocs    []any
		repos, secrets, secretPolicies, secretKeys, params, groups []any
	)
	for i := range c.Services {
		name := fmt.Sprintf("svc-%05d", i)
		role := name + "-execution"
		roleARN := "arn:aws:iam::" + account + ":role/" + role
		tdARN := "arn:aws:ecs:" + region + ":" + account + ":task-definition/" + name + ":1"
		var placed []any
		for k := range c.ServiceSubnets {
			placed = append(placed, subnets[(i+k)%len(subnets)])
		}
		net := obj{"awsvpcConfiguration": obj{
			"subnets": placed, "securityGroups": []any{taskSG}, "assignPublicIp": "DISABLED",
		}}
		services = append(services, obj{
			"serviceArn":           "arn:aws:ecs:" + region + ":" + account + ":service/bulk/" + name,
			"serviceName":          name,
			"clusterArn":           "arn:aws:ecs:" + region + ":" + account + ":cluster/bulk",
			"status":               "ACTIVE",
			"desiredCount":         2,
			"launchType":           "FARGATE",
			"platformVersion":      "LATEST",
			"taskDefinition":       tdARN,
			"networkConfiguration": net,
		})
		secretName := "prod/" + name + "/db"
		secretARN := "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + secretName + "-AbCdEf"
		paramName := "/prod/" + name + "/API_KEY"
		group := "/ecs/" + name
		var containers []any
		for k := range c.Containers {
			cname := "app"
			if k > 0 {
				cname = fmt.Sprintf("sidecar%d", k)
			}
			repo := name + "/" + cname
			cd := obj{
				"name":      cname,
				"image":     account + ".dkr.ecr." + region + ".amazonaws.com/" + repo + ":1.0.0",
				"essential": k == 0,
				"logConfiguration": obj{"logDriver": "awslogs", "options": obj{
					"awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": cname,
				}},
			}
			if k == 0 {
				cd["secrets"] = []any{
					obj{"name": "DB_PASSWORD", "valueFrom": secretARN + ":password::"},
					obj{"name": "API_KEY", "valueFrom": "arn:aws:ssm:" + region + ":" + account + ":parameter" + paramName},
				}
			}
			containers = append(containers, cd)
			repos = append(repos, obj{
				"repositoryArn":  "arn:aws:ecr:" + region + ":" + account + ":repository/" + repo,
				"registryId":     account,
				"repositoryName": repo,
				"repositoryUri":  account + ".dkr.ecr." + region + ".amazonaws.com/" + repo,
			})
		}
		taskDefs = append(taskDefs, obj{"taskDefinition": obj{
			"taskDefinitionArn":       tdARN,
			"containerDefinitions":    containers,
			"family":                  name,
			"executionRoleArn":        roleARN,
			"networkMode":             "awsvpc",
			"revision":                1,
			"status":                  "ACTIVE",
			"requiresCompatibilities": []any{"FARGATE"},
			"cpu":                     "512",
			"memory":                  "1024",
		}})
		roles = append(roles, obj{"Role": obj{
			"Path": "/", "RoleName": role, "Arn": roleARN,
			"AssumeRolePolicyDocument": obj{"Version": "2012-10-17", "Statement": []any{obj{
				"Effect": "Allow", "Principal": obj{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
			}}},
		}})
		attached = append(attached, obj{"RoleName": role, "AttachedPolicies": []any{obj{
			"PolicyName": "AmazonECSTaskExecutionRolePolicy",
			"PolicyArn":  "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
		}}})
		inline = append(inline, obj{"RoleName": role, "PolicyNames": []any{"secrets"}})
		inlineDocs = append(inlineDocs, obj{"RoleName": role, "PolicyName": "secrets", "PolicyDocument": obj{
			"Version": "2012-10-17", "Statement": []any{
				obj{"Sid": "Secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
					"Resource": "arn:aws:secretsmanager:" + region + ":" + account + ":secret:prod/" + name + "/*"},
				obj{"Sid": "Parameters", "Effect": "Allow", "Action": "ssm:GetParameters",
					"Resource": "arn:aws:ssm:" + region + ":" + account + ":parameter/prod/" + name + "/*"},
			},
		}})
		secrets = append(secrets, obj{"ARN": secretARN, "Name": secretName})
		secretPolicies = append(secretPolicies, obj{"ARN": secretARN, "Name": secretName})
		secretKeys = append(secretKeys, obj{"SecretId": secretARN, "Kind": "json", "Keys": []any{"password", "username"}})
		params = append(params, obj{
			"Name": paramName, "ARN": "arn:aws:ssm:" + region + ":" + account + ":parameter" + paramName,
			"Type": "SecureString", "KeyId": "alias/aws/ssm", "Version": 1, "Tier": "Standard", "DataType": "text",
		})
		groups = append(groups, obj{
			"logGroupName": group,
			"arn":          "arn:aws:logs:" + region + ":" + account + ":log-group:" + group + ":*",
		})
	}
	doc["ecs"] = obj{
		"DescribeServices":       obj{"services": services, "failures": []any{}},
		"DescribeTaskDefinition": taskDefs,
	}
	doc["iam"] = obj{
		"GetRole":                  roles,
		"ListAttachedRolePolicies": attached,
		"ListRolePolicies":         inline,
		"GetRolePolicy":            inlineDocs,
	}
	doc["ecr"] = obj{"DescribeRepositories": obj{"repositories": repos}, "GetRepositoryPolicy": []any{}}
	doc["secretsmanager"] = obj{"DescribeSecret": secrets, "GetResourcePolicy": secretPolicies, "SecretKeys": secretKeys}
	doc["ssm"] = obj{"DescribeParameters": obj{"Parameters": params}}
	doc["logs"] = obj{"DescribeLogGroups": obj{"logGroups": groups}}
	return json.MarshalIndent(doc, "", " ")
}

// ec2 is the VPC: private subnets whose route table reaches S3 through a
// gateway endpoint, interface endpoints for every service a task calls, the
// default network ACL, and a task security group with c.Rules extra rules.
func ec2(c Config, subnets []string) obj {
	var subnetObjs, rtAssoc, aclAssoc []any
	for i, id := range subnets {
		subnetObjs = append(subnetObjs, obj{
			"AvailabilityZone":    region + string(rune('a'+i%3)),
			"CidrBlock":           fmt.Sprintf("10.40.%d.0/24", i),
			"SubnetId":            id,
			"VpcId":               vpcID,
			"OwnerId":             account,
			"State":               "available",
			"MapPublicIpOnLaunch": false,
		})
		rtAssoc = append(rtAssoc, obj{"Main": false, "RouteTableId": rtbID, "SubnetId": id,
			"RouteTableAssociationId": fmt.Sprintf("rtbassoc-%017x", i)})
		aclAssoc = append(aclAssoc, obj{"NetworkAclId": aclID, "SubnetId": id,
			"NetworkAclAssociationId": fmt.Sprintf("aclassoc-%017x", i)})
	}
	// Extra rules: ingress from the VPC on many ports, and egress to
	// on-premises ranges, none of which the start phase uses; the HTTPS
	// egress rule the tasks need comes last.
	var ingress, egress []any
	for i := range c.Rules {
		p := obj{
			"IpProtocol": "tcp", "FromPort": 1024 + i, "ToPort": 1024 + i,
			"IpRanges": []any{obj{"CidrIp": fmt.Sprintf("172.%d.%d.0/24", 16+i/256%16, i%256)}},
		}
		if i%2 == 0 {
			ingress = append(ingress, p)
		} else {
			egress = append(egress, p)
		}
	}
	egress = append(egress, obj{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
		"IpRanges": []any{obj{"CidrIp": "0.0.0.0/0", "Description": "HTTPS to AWS APIs"}}})
	allow := `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	var endpoints []any
	for i, svc := range []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"} {
		endpoints = append(endpoints, obj{
			"VpcEndpointId":     fmt.Sprintf("vpce-%017x", 0xe000+i),
			"VpcEndpointType":   "Interface",
			"VpcId":             vpcID,
			"ServiceName":       "com.amazonaws." + region + "." + svc,
			"State":             "available",
			"PolicyDocument":    allow,
			"SubnetIds":         subnets,
			"Groups":            []any{obj{"GroupId": vpceSG, "GroupName": "bulk-vpce"}},
			"PrivateDnsEnabled": true,
			"OwnerId":           account,
		})
	}
	endpoints = append(endpoints, obj{
		"VpcEndpointId": "vpce-066831d001b06d66d", "VpcEndpointType": "Gateway", "VpcId": vpcID,
		"ServiceName": "com.amazonaws." + region + ".s3", "State": "available", "PolicyDocument": allow,
		"RouteTableIds": []any{rtbID}, "OwnerId": account,
	})
	allTraffic := []any{obj{"IpProtocol": "-1", "IpRanges": []any{obj{"CidrIp": "0.0.0.0/0"}}}}
	return obj{
		"DescribeVpcs": obj{"Vpcs": []any{obj{
			"CidrBlock": "10.40.0.0/16", "DhcpOptionsId": dhcpID, "State": "available", "VpcId": vpcID,
			"OwnerId": account, "IsDefault": false,
		}}},
		"DescribeVpcAttribute": []any{
			obj{"VpcId": vpcID, "EnableDnsSupport": obj{"Value": true}},
			obj{"VpcId": vpcID, "EnableDnsHostnames": obj{"Value": true}},
		},
		"DescribeSubnets": obj{"Subnets": subnetObjs},
		"DescribeRouteTables": obj{"RouteTables": []any{
			obj{"RouteTableId": mainRtb, "VpcId": vpcID, "OwnerId": account,
				"Associations": []any{obj{"Main": true, "RouteTableId": mainRtb, "RouteTableAssociationId": "rtbassoc-main"}},
				"Routes":       []any{obj{"DestinationCidrBlock": "10.40.0.0/16", "GatewayId": "local", "State": "active"}}},
			obj{"RouteTableId": rtbID, "VpcId": vpcID, "OwnerId": account, "Associations": rtAssoc,
				"Routes": []any{
					obj{"DestinationCidrBlock": "10.40.0.0/16", "GatewayId": "local", "State": "active"},
					obj{"DestinationPrefixListId": s3PL, "GatewayId": "vpce-066831d001b06d66d", "State": "active"},
				}},
		}},
		"DescribeSecurityGroups": obj{"SecurityGroups": []any{
			obj{"GroupId": taskSG, "GroupName": "bulk-task", "VpcId": vpcID, "OwnerId": account,
				"Description": "ECS tasks", "IpPermissions": ingress, "IpPermissionsEgress": egress},
			obj{"GroupId": vpceSG, "GroupName": "bulk-vpce", "VpcId": vpcID, "OwnerId": account,
				"Description": "Interface VPC endpoints",
				"IpPermissions": []any{obj{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
					"UserIdGroupPairs": []any{obj{"GroupId": taskSG, "UserId": account}}}},
				"IpPermissionsEgress": allTraffic},
		}},
		"DescribeNetworkAcls": obj{"NetworkAcls": []any{obj{
			"NetworkAclId": aclID, "VpcId": vpcID, "OwnerId": account, "IsDefault": true, "Associations": aclAssoc,
			"Entries": []any{
				obj{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
				obj{"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
				obj{"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
				obj{"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
			},
		}}},
		"DescribeVpcEndpoints":     obj{"VpcEndpoints": endpoints},
		"DescribeInternetGateways": obj{"InternetGateways": []any{}},
		"DescribeNatGateways":      obj{"NatGateways": []any{}},
		"DescribePrefixLists": obj{"PrefixLists": []any{obj{
			"PrefixListId": s3PL, "PrefixListName": "com.amazonaws." + region + ".s3",
			"Cidrs": []any{"52.219.0.0/20", "52.219.16.0/22", "3.5.152.0/21", "54.231.224.0/21"},
		}}},
		"DescribeDhcpOptions": obj{"DhcpOptions": []any{obj{
			"DhcpOptionsId": dhcpID, "OwnerId": account,
			"DhcpConfigurations": []any{
				obj{"Key": "domain-name", "Values": []any{obj{"Value": region + ".compute.internal"}}},
				obj{"Key": "domain-name-servers", "Values": []any{obj{"Value": "AmazonProvidedDNS"}}},
			},
		}}},
	}
}

// RefTemplate writes a CloudFormation template of n VPCs in a chain: V0's
// CidrBlock refers fan times to V1's (CFN "Fn::GetAtt", AWS::EC2::VPC
// return value CidrBlock, chosen by "Fn::Select"), and so on; the last has a
// literal CIDR. Evaluated without memos, V0 costs fan^n steps.
func RefTemplate(n, fan int) []byte {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  V%d:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: ", i)
		if i == n-1 {
			b.WriteString("10.0.0.0/16\n")
			continue
		}
		refs := make([]string, fan)
		for j := range refs {
			refs[j] = fmt.Sprintf("!GetAtt V%d.CidrBlock", i+1)
		}
		if fan == 1 {
			b.WriteString(refs[0] + "\n")
		} else {
			fmt.Fprintf(&b, "!Select [0, [%s]]\n", strings.Join(refs, ", "))
		}
	}
	return []byte(b.String())
}
