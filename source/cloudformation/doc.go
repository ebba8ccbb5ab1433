// Package cloudformation reads an AWS CloudFormation template — hand-written
// YAML with short-form tags, JSON, or CDK-synthesized output — into a
// world.World, so that the start phase of the ECS tasks it defines can be
// simulated before the stack is deployed.
//
// # What is read
//
// The template is evaluated the way CloudFormation evaluates it at create
// time (CFN User Guide "Intrinsic function reference", "Pseudo parameters
// reference", "Condition functions"): Ref, Fn::GetAtt (both "A.B" and list
// forms), Fn::Sub (string and [string, map] forms, ${!Literal}), Fn::Join,
// Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or,
// Condition, Fn::FindInMap, Fn::ImportValue, Fn::GetAZs, Fn::Base64,
// Fn::Cidr, Fn::Transform and the AWS::LanguageExtensions functions
// Fn::Length and Fn::ToJsonString, in short (!Ref) and long (Fn::...) form.
// Parameters take their --parameter value, else their Default. Resources
// whose Condition is false are dropped; Fn::If picks its branch;
// AWS::NoValue removes the property or element.
//
// The resource types that decide the start phase become world facts:
// AWS::ECS::TaskDefinition, ::Service and ::Cluster; AWS::IAM::Role,
// ::Policy, ::RolePolicy and ::ManagedPolicy; the VPC resources (VPC,
// Subnet, RouteTable, Route, SubnetRouteTableAssociation, InternetGateway,
// VPCGatewayAttachment, NatGateway, EIP, SecurityGroup with its inline and
// separate rules, NetworkAcl, NetworkAclEntry, SubnetNetworkAclAssociation,
// VPCEndpoint, PrefixList, DHCPOptions, VPCDHCPOptionsAssociation);
// AWS::ECR::Repository; AWS::SecretsManager::Secret and ::ResourcePolicy;
// AWS::KMS::Key and ::Alias; AWS::SSM::Parameter; AWS::Logs::LogGroup;
// AWS::S3::Bucket and ::BucketPolicy; AWS::Route53::HostedZone, ::RecordSet
// and ::RecordSetGroup (World.HostedZones); and the EC2 container
// instances (World.InstanceGroups): AWS::IAM::InstanceProfile,
// AWS::EC2::LaunchTemplate, AWS::AutoScaling::LaunchConfiguration and
// ::AutoScalingGroup, AWS::EC2::Instance and AWS::ECS::CapacityProvider,
// with the cluster the agent joins from ECS_CLUSTER in the user data, else
// "default" (ECS-DG "Amazon ECS container agent configuration"). Other types,
// AWS::CDK::Metadata among them, are skipped. Every fact carries an Origin
// with the file, the line of the logical id and the logical id.
//
// # Defaults
//
// WithRegion, WithAccount and WithPartition set the pseudo parameters.
// Without them they are not guessed: the region is the one the template
// pins (a region name such as the awslogs-region option, an Availability
// Zone name such as us-west-2a, an ARN with a region, a VPC endpoint
// service name com.amazonaws.REGION.x; CDK apps synthesised for a concrete
// env write these literally), the account the one its ARNs agree on, and
// the partition follows the region (world.PartitionOf), else the ARNs.
// World.RegionFrom and AccountFrom say where the value came from, with
// file:line. When the template pins none, or several that disagree, the
// pseudo parameter is a world.Unresolved stand-in ("AWS::Region (no
// --region, and the template pins several: us-east-1 (x.yaml:12),
// eu-west-1 (x.yaml:30))"), World.Region or AccountID is "", and every
// fact built from it is unknown.
//
// AWS::StackName is the name WithStackName gives (or a parameter value for
// AWS::StackName, as WithParameters takes it), else the file's base name
// without extension ("api.template.json" → "api"); AWS::StackId embeds a
// zero UUID.
//
// # Applications of several templates
//
// LoadStacks reads the stacks of one application, each with its name,
// parameters and environment (Stack). The Outputs section of every
// template is evaluated (CFN-UG "Outputs": Value, Condition, Export.Name
// in any form: plain, Fn::Sub, Fn::Join, built from ${AWS::StackName}),
// and an Fn::ImportValue whose name another stack exports takes that
// stack's value (CFN-UG "Fn::ImportValue"). The stacks are read in the
// order of their imports, exporters first; stacks that import from each
// other in a cycle, two stacks of the same name, and two exports of the
// same name in one region are input errors, as CloudFormation refuses them
// (export names are unique in a region). An import finds only the exports
// of its stack's region; one that no stack given exports stays a stand-in
// naming the export (and the export that ends the same way, when a stack
// given under another name has it), as for a lone template. Stacks in
// several regions or accounts leave World.Region or AccountID unknown,
// naming them, rather than take one stack's for all.
//
// A nested stack, AWS::CloudFormation::Stack with a TemplateURL, or a SAM
// AWS::Serverless::Application with a Location string, is read from its
// template: a local path is relative to the parent template's folder, as
// `aws cloudformation package` and `sam package` read it; an https:// or
// s3:// URL is read from a folder given by WithTemplateMap (the CLI's
// --template-map PREFIX=DIR), else it is not read. The parent's Parameters
// property supplies the child's parameter values, the child is named
// PARENT-LogicalId (CloudFormation adds a random suffix), it inherits the
// region, account and partition, and Fn::GetAtt Child.Outputs.NAME (both
// forms) is the child's output value; a NAME the child does not output is
// an error. A nested stack whose template is not read (a remote URL no map
// covers, a TemplateURL from a parameter without a value) makes its outputs
// unknown and stands in for its task definitions with one task definition
// "nested stack PARENT-LogicalId" that is unknown, naming the URL, so the
// application is never a pass over the part it could read. An application
// of the Serverless Application Repository (Location with ApplicationId)
// is not a file: its outputs are unknown, as before. A template that nests
// itself, directly or through others, is an error naming the chain; at
// most 16 templates nest one another and an application has at most 1000
// templates [assumption: bounds of work; the CloudFormation quotas give no
// depth].
//
// Property defaults follow the CFN template reference and are applied where
// a missing property would otherwise read as "unknown": a VPC's
// EnableDnsSupport is true and EnableDnsHostnames false ("Disabled by
// default for nondefault VPCs"); a VPC endpoint's VpcEndpointType is Gateway
// and PrivateDnsEnabled false; a security group without SecurityGroupEgress
// allows all egress (separate AWS::EC2::SecurityGroupEgress resources do not
// remove that rule; CDK's "Disallow all traffic" rule does); a NAT gateway is
// public; awsvpcConfiguration.AssignPublicIp is DISABLED; a KMS key without
// KeyPolicy gets the default key policy, which delegates to IAM in the
// account. A VPC the template creates comes with what EC2 creates with it:
// a main route table with only the local route, a default network ACL that
// allows all traffic, and a default security group. Every route table of
// such a VPC gets the local route, and its subnets without an explicit
// association are associated with the main table and the default ACL.
//
// # Synthetic ids
//
// Ids, ARNs and generated names of the resources a template creates do not
// exist before deploy. The reader synthesizes them from the logical id so
// that a reference resolves to the key the referenced resource is stored
// under; they link resources and are never facts about the account:
//
// In an application of several templates (LoadStacks with more than one
// stack, or a template with a nested stack, and its nested stacks) two
// stacks may use the same logical id. There every synthetic id below is
// built from STACK-LogicalId instead of the logical id alone: vpc-Vpc of
// the stack "network" is vpc-network-Vpc, its main route table
// rtb-network-Vpc-main. Names were built from STACK-LogicalId already. A
// lone template keeps the short ids.
//
//   - EC2 ids are the kind's id prefix, a hyphen and the logical id:
//     vpc-Vpc, subnet-PrivateSubnetA, rtb-PrivateRouteTable, igw-Igw,
//     nat-NatGateway, sg-TaskSecurityGroup, acl-Acl, vpce-EcrApiEndpoint,
//     pl-PrefixList, eipalloc-NatEip. A VPC's main route table, default
//     ACL and default security group are rtb-L-main, acl-L-default and
//     sg-L-default for a VPC with logical id L.
//   - A name the template leaves to CloudFormation (RoleName, Family,
//     RepositoryName, LogGroupName, secret Name, ...) is STACK-LogicalId
//     without the random suffix, lower case for ECR repositories and S3
//     buckets, cut to the service's length limit.
//   - KMS key ids are the logical id; a secret's ARN ends in NAME-cfnsyn,
//     standing for the six random characters Secrets Manager appends.
//   - ARNs are built from those names with the partition, region and
//     account: roles arn:P:iam::A:role/PATH/NAME, task definitions
//     arn:P:ecs:R:A:task-definition/FAMILY:1, services
//     arn:P:ecs:R:A:service/CLUSTER/NAME.
//
// Ref and Fn::GetAtt return what the "Return values" section of each type's
// reference page says: a role's Ref is its name and Arn its ARN, a secret's
// Ref its ARN, a log group's Arn ends in ":*", an ECR repository's
// RepositoryUri is ACCOUNT.dkr.ecr.REGION.URLSUFFIX/NAME. A role name in
// executionRoleArn that names a template role is read as that role's ARN.
//
// # Unknown, not wrong
//
// What the template cannot know before deploy is never guessed: it becomes
// a world.Unresolved stand-in naming the reference, and every answer that
// depends on it is unknown. That covers Fn::ImportValue of an export no
// stack given defines, parameters with neither Default nor --parameter
// value (CDK's AssetParameters... among them),
// AWS::SSM::Parameter::Value<...> parameters, attributes that exist only
// after create (a role's RoleId, an EIP's address, the Outputs of a nested
// stack whose template is not read), conditions that depend on those, and
// Fn::Transform. A parameter without a value is not an error. Where the
// simulation reads an Unknown key for the field — TaskDefinition.Unknown
// "taskDefinition", "executionRoleArn", "networkMode", "cpu", "memory";
// ContainerDefinition.Unknown "image" and "logConfiguration.options.OPT";
// Service.Unknown "networkConfiguration"; VPCEndpoint.Unknown
// "PolicyDocument" — it is set to a message naming the reference and how to
// supply it (--parameter NAME=VALUE, or a --snapshot of the deployed
// stack). A policy document that holds a stand-in is unknown as a whole
// (InlinePolicy.Unknown, ManagedPolicy.Unknown).
//
// Policies a template attaches to a role it does not resolve (Roles:
// [!Ref RoleParam] without a value) are kept on a role filed under the
// stand-in, with its other policies and boundary unknown
// (world/unresolved.go); an ExecutionRoleArn of the same reference finds
// them.
//
// A resource whose Condition cannot be decided is read as created.
//
// A template describes what it creates, never the whole account: every set
// of the world is Known and none is Complete, so a lookup of something the
// template only names (an imported subnet, an existing role ARN, a log
// group it does not create, another account's repository) is unknown, not
// absent. The CLI merges a --snapshot of the account under the template
// (world.Merge, template wins) to decide those. Within a VPC the template
// creates, every subnet, route table, NACL and endpoint is in the template,
// and the explicit associations above make those lookups exact. AWS prefix
// lists (pl-xxxx for S3) stay unknown unless a snapshot provides them.
//
// # Transforms and template language
//
// Two transforms are expanded before the template is read, as
// CloudFormation expands them when it processes the template (expand.go):
//
//   - AWS::Include (CFN "AWS::Include transform"): a snippet with a local
//     Location, relative to the template's folder as `aws cloudformation
//     package` resolves it, is inserted where the Fn::Transform stands: as
//     a whole value, among the keys of a section (its keys join them), or
//     in the Transform section (its sections join the template's). A
//     snippet may include others, up to 8 deep; one that includes itself
//     is an input error with the chain. An s3:// or https:// Location is
//     not read: a value becomes a stand-in naming it, and a snippet of keys
//     or sections names it as a transform, so every task definition is
//     unknown. Facts from a snippet carry the template's file name with the
//     snippet's lines.
//   - Fn::ForEach (AWS::LanguageExtensions, CFN "Fn::ForEach") in
//     Conditions, Outputs and Resources, resource properties included, and
//     nested: ${Identifier} and &{Identifier} (alphanumeric characters
//     only) are replaced in every key and string of the fragment, and Ref
//     Identifier by the item. The collection is a literal list, a Ref to a
//     CommaDelimitedList parameter, or another function. A collection the
//     template cannot know (a parameter without value) expands once with a
//     stand-in item naming the parameter (the same in every loop over it,
//     so loop-made conditions still match), and, since what the loop makes
//     cannot be named, every task definition is unknown with the loop and
//     the parameter named.
//     Fn::ForEach without the transform is an input error. Expansion adds
//     at most 2^19 YAML nodes (CloudFormation's quotas apply to the
//     expanded template), and the evaluation's step bound follows the
//     expanded size.
//
// The other transforms are not expanded. AWS::Serverless-2016-10-31 (SAM)
// and the other AWS transforms rewrite only their own resource types, so
// the ECS, IAM and VPC resources are read as written and references to the
// expanded resources are unresolved. Any other transform is a macro that
// may rewrite anything: every task definition is then unknown, with the
// transform named.
//
// Parameter constraints (CFN-UG "Parameters") are checked on every known
// value, given or Default (constraints.go): AllowedValues, AllowedPattern
// (whole value, each element of a CommaDelimitedList; the Java regular
// expression is translated to RE2 where they differ — \p{Alpha} and the
// other POSIX classes, \uFFFF, \Z, Java's \s and . — and a pattern RE2
// cannot run, such as a lookahead, is recorded in World.Assumptions and
// not checked), MinLength and MaxLength, MinValue and MaxValue, and that a
// Number is a number. The Rules section (CFN-UG "Rules", rules.go) is
// evaluated with its rule functions: an assertion that is false with known
// values is an input error quoting its AssertDescription; one that depends
// on an unknown value, Fn::ValueOf, Fn::ValueOfAll or Fn::RefAll (read
// from the account at deploy) is skipped.
//
// # Errors
//
// Bad input is an *source.InputError with Kind "template", the file, the
// line and column, and the logical id or property path: malformed YAML or
// JSON, an unknown tag (line 12: unknown tag !Reff) or function, a Ref to
// nothing, a circular dependency between resources (the cycle named: A → B
// → A), a circular condition, a value of the wrong type (Properties that is
// a list), a parameter value outside AllowedValues or another parameter
// constraint, a false Rules assertion, an undeclared
// --parameter, YAML aliases (CloudFormation rejects them), and a
// SecureString AWS::SSM::Parameter (CloudFormation cannot create one), and
// a template whose evaluation would take more steps than a bound
// proportional to its size (YAML nodes and bytes of values; a string a
// function builds costs a step per byte). Each Ref and Fn::GetAtt target
// and each property is evaluated once, so evaluation is linear in size.
// Secret values in the template (SecretString) are never stored; only the
// JSON key names are kept.
//
// Malformed JSON is placed at its line and column by encoding/json (the
// end of input for a truncated template); yaml.v3 gives a line only, and
// for a tab in YAML indentation the error names the tab's place and says
// "tabs are not allowed in YAML indentation; use spaces". Values of the
// input in an error are cut to a short prefix. A template may start with a
// UTF-8 or UTF-16 byte-order mark, as snapshots may (docs/snapshot.md).
package cloudformation
