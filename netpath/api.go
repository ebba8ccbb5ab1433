package netpath

// This file is the package's fixed contract with taskstart. Fields and
// functions may be added; none may be removed or change meaning.

// Status is whether a host is reachable from a task ENI.
type Status string

// The answers Reach can give.
const (
	Reachable Status = "reachable"
	Blocked   Status = "blocked"
	// Unknown means a fact on the path is missing from the input.
	Unknown Status = "unknown"
)

// Via is how traffic leaves the task's subnet; the strings are the JSON
// contract's "network.via" values.
type Via string

// The ways out of a subnet.
const (
	ViaIGW     Via = "igw"
	ViaNAT     Via = "nat"
	ViaVPCE    Via = "vpce"
	ViaNone    Via = "none"
	ViaUnknown Via = "unknown"
)

// BlockKind is what kind of setting blocks a path; the strings are the JSON
// contract's "network.blockedBy" values.
type BlockKind string

// The kinds of blocking settings.
const (
	BlockRoute          BlockKind = "route"
	BlockPublicIP       BlockKind = "public-ip"
	BlockSecurityGroup  BlockKind = "security-group"
	BlockNACL           BlockKind = "nacl"
	BlockDNS            BlockKind = "dns"
	BlockEndpointPolicy BlockKind = "endpoint-policy" // set by taskstart, which evaluates policies
	BlockRegion         BlockKind = "region"
	BlockUnknown        BlockKind = "unknown"
)

// ENI is where the task's network interface sits.
type ENI struct {
	SubnetID         string
	SecurityGroupIDs []string
	// AssignPublicIP is the service's assignPublicIp == "ENABLED".
	AssignPublicIP bool
}

// Target is one host the start phase calls.
type Target struct {
	// Service is the endpoint service short name: "ecr.api", "ecr.dkr",
	// "s3", "secretsmanager", "ssm", "logs", "kms", "sts"; "" for a host
	// that no VPC endpoint serves (Docker Hub, ghcr.io, ECR Public, ECR FIPS
	// and dual-stack hosts; see ECRRegistryTarget).
	Service string
	// Host is the DNS name called, e.g. "api.ecr.ap-northeast-1.amazonaws.com".
	Host string
	// Region is the region of the service; a VPC endpoint serves only its
	// own region. "" for internet hosts.
	Region string
	// Port is the TCP port; 0 means 443.
	Port int
}

// Block is one setting on the path that drops the traffic.
type Block struct {
	Kind BlockKind
	// Resource is the id of the route table, security group, NACL, subnet,
	// endpoint or VPC that blocks.
	Resource string
	// Detail says what about it blocks, e.g. "no route to 0.0.0.0/0".
	Detail string
	// Fix is the smallest change that removes this block.
	Fix string
}

// Result is the answer for one ENI and target.
type Result struct {
	Status Status
	Via    Via
	// Endpoint is the VPC endpoint the traffic goes through (interface or
	// S3 gateway) when Via is ViaVPCE; its policy is one more IAM layer.
	EndpointID string
	// Path describes the hops of the path taken or tried, in order, e.g.
	// "subnet-1 route table rtb-1: 0.0.0.0/0 → nat-1".
	Path []string
	// Blocks lists every setting that blocks the best candidate path.
	Blocks []Block
	// Missing names the facts that would decide an Unknown.
	Missing []string
	// Warnings are conditions that work today but are fragile.
	Warnings []string
	// Assumptions are facts taken as given that the input cannot show (the
	// state of an endpoint or NAT gateway a template will create).
	Assumptions []string
	// SourceVpc and SourceVpce are the request-context values a call gets
	// through this path (only through a VPC endpoint; "" otherwise).
	SourceVpc  string
	SourceVpce string
}
