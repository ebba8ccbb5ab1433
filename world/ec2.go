package world

// VPC is a VPC (DescribeVpcs.Vpcs[]) with its DNS attributes
// (DescribeVpcAttribute enableDnsSupport / enableDnsHostnames).
type VPC struct {
	VpcId                       string                 `json:"VpcId"`
	CidrBlock                   string                 `json:"CidrBlock,omitempty"`
	CidrBlockAssociationSet     []CidrBlockAssociation `json:"CidrBlockAssociationSet,omitempty"`
	Ipv6CidrBlockAssociationSet []Ipv6CidrAssociation  `json:"Ipv6CidrBlockAssociationSet,omitempty"`
	DhcpOptionsId               string                 `json:"DhcpOptionsId,omitempty"`
	IsDefault                   bool                   `json:"IsDefault,omitempty"`
	// EnableDnsSupport and EnableDnsHostnames are nil when the input did not
	// carry DescribeVpcAttribute for them.
	EnableDnsSupport   *bool `json:"-"`
	EnableDnsHostnames *bool `json:"-"`
	// Described is true when the input holds every subnet, route table,
	// network ACL, security group and VPC endpoint of this VPC: a template
	// or plan creates it. Then a resource of this VPC missing from an
	// incomplete listing does not exist.
	Described bool `json:"-"`

	Origin Origin `json:"-"`
}

// CidrBlockAssociation is one IPv4 CIDR of a VPC.
type CidrBlockAssociation struct {
	CidrBlock string `json:"CidrBlock"`
}

// Ipv6CidrAssociation is one IPv6 CIDR of a VPC or subnet.
type Ipv6CidrAssociation struct {
	Ipv6CidrBlock string `json:"Ipv6CidrBlock"`
}

// Subnet is a subnet (DescribeSubnets.Subnets[]).
type Subnet struct {
	SubnetId                    string                `json:"SubnetId"`
	VpcId                       string                `json:"VpcId"`
	AvailabilityZone            string                `json:"AvailabilityZone,omitempty"`
	AvailabilityZoneId          string                `json:"AvailabilityZoneId,omitempty"`
	CidrBlock                   string                `json:"CidrBlock,omitempty"`
	Ipv6CidrBlockAssociationSet []Ipv6CidrAssociation `json:"Ipv6CidrBlockAssociationSet,omitempty"`
	MapPublicIpOnLaunch         bool                  `json:"MapPublicIpOnLaunch,omitempty"`
	Ipv6Native                  bool                  `json:"Ipv6Native,omitempty"`

	Origin Origin `json:"-"`
}

// RouteTable is a route table (DescribeRouteTables.RouteTables[]).
type RouteTable struct {
	RouteTableId string                  `json:"RouteTableId"`
	VpcId        string                  `json:"VpcId"`
	Routes       []Route                 `json:"Routes,omitempty"`
	Associations []RouteTableAssociation `json:"Associations,omitempty"`

	Origin Origin `json:"-"`
}

// Route is one route. Exactly one destination and one target are set.
type Route struct {
	DestinationCidrBlock        string `json:"DestinationCidrBlock,omitempty"`
	DestinationIpv6CidrBlock    string `json:"DestinationIpv6CidrBlock,omitempty"`
	DestinationPrefixListId     string `json:"DestinationPrefixListId,omitempty"`
	GatewayId                   string `json:"GatewayId,omitempty"` // igw-, vgw-, vpce- (gateway endpoint) or "local"
	NatGatewayId                string `json:"NatGatewayId,omitempty"`
	InstanceId                  string `json:"InstanceId,omitempty"`
	NetworkInterfaceId          string `json:"NetworkInterfaceId,omitempty"`
	TransitGatewayId            string `json:"TransitGatewayId,omitempty"`
	VpcPeeringConnectionId      string `json:"VpcPeeringConnectionId,omitempty"`
	EgressOnlyInternetGatewayId string `json:"EgressOnlyInternetGatewayId,omitempty"`
	LocalGatewayId              string `json:"LocalGatewayId,omitempty"`
	CarrierGatewayId            string `json:"CarrierGatewayId,omitempty"`
	CoreNetworkArn              string `json:"CoreNetworkArn,omitempty"`
	// State is "active" or "blackhole".
	State  string `json:"State,omitempty"`
	Origin Origin `json:"-"`
}

// RouteTableAssociation ties a route table to a subnet or gateway, or marks
// it as the VPC's main table.
type RouteTableAssociation struct {
	Main      bool   `json:"Main,omitempty"`
	SubnetId  string `json:"SubnetId,omitempty"`
	GatewayId string `json:"GatewayId,omitempty"`
}

// SecurityGroup is a security group (DescribeSecurityGroups.SecurityGroups[]).
type SecurityGroup struct {
	GroupId             string         `json:"GroupId"`
	GroupName           string         `json:"GroupName,omitempty"`
	VpcId               string         `json:"VpcId,omitempty"`
	IpPermissions       []IpPermission `json:"IpPermissions,omitempty"`
	IpPermissionsEgress []IpPermission `json:"IpPermissionsEgress,omitempty"`

	Origin Origin `json:"-"`
}

// IpPermission is one security group rule set for a protocol and port range.
type IpPermission struct {
	// IpProtocol is "tcp", "udp", "icmp", a protocol number, or "-1" for all.
	IpProtocol       string            `json:"IpProtocol"`
	FromPort         *int              `json:"FromPort,omitempty"`
	ToPort           *int              `json:"ToPort,omitempty"`
	IpRanges         []IpRange         `json:"IpRanges,omitempty"`
	Ipv6Ranges       []Ipv6Range       `json:"Ipv6Ranges,omitempty"`
	PrefixListIds    []PrefixListId    `json:"PrefixListIds,omitempty"`
	UserIdGroupPairs []UserIdGroupPair `json:"UserIdGroupPairs,omitempty"`
}

// IpRange is an IPv4 CIDR in a rule.
type IpRange struct {
	CidrIp      string `json:"CidrIp"`
	Description string `json:"Description,omitempty"`
}

// Ipv6Range is an IPv6 CIDR in a rule.
type Ipv6Range struct {
	CidrIpv6    string `json:"CidrIpv6"`
	Description string `json:"Description,omitempty"`
}

// PrefixListId is a managed prefix list in a rule.
type PrefixListId struct {
	PrefixListId string `json:"PrefixListId"`
	Description  string `json:"Description,omitempty"`
}

// UserIdGroupPair is a security group referenced by a rule.
type UserIdGroupPair struct {
	GroupId     string `json:"GroupId"`
	UserId      string `json:"UserId,omitempty"`
	Description string `json:"Description,omitempty"`
}

// NetworkACL is a network ACL (DescribeNetworkAcls.NetworkAcls[]).
type NetworkACL struct {
	NetworkAclId string                  `json:"NetworkAclId"`
	VpcId        string                  `json:"VpcId"`
	IsDefault    bool                    `json:"IsDefault,omitempty"`
	Entries      []NetworkACLEntry       `json:"Entries,omitempty"`
	Associations []NetworkACLAssociation `json:"Associations,omitempty"`

	Origin Origin `json:"-"`
}

// NetworkACLEntry is one numbered NACL rule.
type NetworkACLEntry struct {
	RuleNumber int `json:"RuleNumber"`
	// Protocol is a protocol number as a string ("6" for TCP) or "-1".
	Protocol      string     `json:"Protocol"`
	RuleAction    string     `json:"RuleAction"` // "allow" or "deny"
	Egress        bool       `json:"Egress"`
	CidrBlock     string     `json:"CidrBlock,omitempty"`
	Ipv6CidrBlock string     `json:"Ipv6CidrBlock,omitempty"`
	PortRange     *PortRange `json:"PortRange,omitempty"`
}

// PortRange is an inclusive port range.
type PortRange struct {
	From int `json:"From"`
	To   int `json:"To"`
}

// NetworkACLAssociation ties a NACL to a subnet.
type NetworkACLAssociation struct {
	SubnetId string `json:"SubnetId"`
}

// VPCEndpoint is a VPC endpoint (DescribeVpcEndpoints.VpcEndpoints[]).
type VPCEndpoint struct {
	VpcEndpointId   string `json:"VpcEndpointId"`
	VpcEndpointType string `json:"VpcEndpointType"` // "Interface", "Gateway" or "GatewayLoadBalancer"
	VpcId           string `json:"VpcId"`
	// ServiceName is "com.amazonaws.REGION.SERVICE" (cn.com.amazonaws... in China).
	ServiceName string `json:"ServiceName"`
	// State is "available", "pending", "pendingAcceptance", "deleting",
	// "deleted", "rejected", "failed" or "expired".
	State string `json:"State,omitempty"`
	// PolicyDocument is the endpoint policy as JSON text; "" means the
	// default full-access policy.
	PolicyDocument    string                    `json:"PolicyDocument,omitempty"`
	RouteTableIds     []string                  `json:"RouteTableIds,omitempty"`
	SubnetIds         []string                  `json:"SubnetIds,omitempty"`
	Groups            []SecurityGroupIdentifier `json:"Groups,omitempty"`
	PrivateDnsEnabled *bool                     `json:"PrivateDnsEnabled,omitempty"`
	// IpAddressType is "ipv4", "dualstack" or "ipv6" (EC2 API "VpcEndpoint");
	// "" when the input does not say. A task in an IPv6-only subnet can use
	// only an endpoint with IPv6 addresses.
	IpAddressType string `json:"IpAddressType,omitempty"`
	// DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint is not kept.

	Unknown map[string]string `json:"-"`
	Origin  Origin            `json:"-"`
}

// SecurityGroupIdentifier names a security group on an endpoint.
type SecurityGroupIdentifier struct {
	GroupId   string `json:"GroupId"`
	GroupName string `json:"GroupName,omitempty"`
}

// InternetGateway is an internet gateway (DescribeInternetGateways).
type InternetGateway struct {
	InternetGatewayId string                      `json:"InternetGatewayId"`
	Attachments       []InternetGatewayAttachment `json:"Attachments,omitempty"`

	Origin Origin `json:"-"`
}

// InternetGatewayAttachment ties an internet gateway to a VPC.
type InternetGatewayAttachment struct {
	VpcId string `json:"VpcId"`
	// State is "available" for an attached internet gateway (the API says
	// "available", not "attached", for internet gateways).
	State string `json:"State,omitempty"`
}

// NATGateway is a NAT gateway (DescribeNatGateways.NatGateways[]).
type NATGateway struct {
	NatGatewayId     string `json:"NatGatewayId"`
	SubnetId         string `json:"SubnetId"`
	VpcId            string `json:"VpcId,omitempty"`
	State            string `json:"State,omitempty"`            // "available", "pending", "failed", "deleting", "deleted"
	ConnectivityType string `json:"ConnectivityType,omitempty"` // "public" (default) or "private"

	Origin Origin `json:"-"`
}

// PrefixList is a managed prefix list (DescribeManagedPrefixLists) with its
// entries (GetManagedPrefixListEntries), or an AWS prefix list
// (DescribePrefixLists: pl-xxxx for S3 and DynamoDB).
type PrefixList struct {
	PrefixListId   string   `json:"PrefixListId"`
	PrefixListName string   `json:"PrefixListName,omitempty"`
	Cidrs          []string `json:"Cidrs,omitempty"`
	// CidrsKnown is false when the entries were not in the input.
	CidrsKnown bool   `json:"-"`
	Origin     Origin `json:"-"`
}

// DHCPOptions is a DHCP options set (DescribeDhcpOptions); only the DNS
// servers matter here.
type DHCPOptions struct {
	DhcpOptionsId string `json:"DhcpOptionsId"`
	// DomainNameServers is the domain-name-servers values;
	// "AmazonProvidedDNS" is the Route 53 Resolver.
	DomainNameServers []string `json:"DomainNameServers,omitempty"`
	Origin            Origin   `json:"-"`
}

// Instance is an EC2 instance (DescribeInstances.Reservations[].Instances[])
// with the facts a NAT instance route depends on (VPC-UG "NAT instances").
type Instance struct {
	InstanceId string `json:"InstanceId"`
	SubnetId   string `json:"SubnetId,omitempty"`
	VpcId      string `json:"VpcId,omitempty"`
	// State.Name is "pending", "running", "shutting-down", "terminated",
	// "stopping" or "stopped"; "" when the input has no state (a template).
	State InstanceState `json:"State"`
	// SourceDestCheck is the primary network interface's check; nil when
	// the input does not say.
	SourceDestCheck *bool `json:"SourceDestCheck,omitempty"`
	// PublicIpAddress is the public IPv4 address (auto-assigned or an
	// Elastic IP) of the primary network interface; "" when it has none.
	PublicIpAddress   string                     `json:"PublicIpAddress,omitempty"`
	SecurityGroups    []SecurityGroupIdentifier  `json:"SecurityGroups,omitempty"`
	NetworkInterfaces []InstanceNetworkInterface `json:"NetworkInterfaces,omitempty"`

	Origin Origin `json:"-"`
}

// InstanceState is an instance's state.
type InstanceState struct {
	Name string `json:"Name,omitempty"`
}

// InstanceNetworkInterface is one network interface attached to an
// instance. A route may name it instead of the instance.
type InstanceNetworkInterface struct {
	NetworkInterfaceId string                    `json:"NetworkInterfaceId"`
	SubnetId           string                    `json:"SubnetId,omitempty"`
	SourceDestCheck    *bool                     `json:"SourceDestCheck,omitempty"`
	Groups             []SecurityGroupIdentifier `json:"Groups,omitempty"`
	// Association carries the interface's public IPv4 address, if any.
	Association *InstanceNetworkInterfaceAssociation `json:"Association,omitempty"`
	Attachment  *InstanceNetworkInterfaceAttachment  `json:"Attachment,omitempty"`
}

// InstanceNetworkInterfaceAssociation is the public address of an
// instance's network interface.
type InstanceNetworkInterfaceAssociation struct {
	PublicIp string `json:"PublicIp,omitempty"`
}

// InstanceNetworkInterfaceAttachment says where an interface is attached;
// DeviceIndex 0 is the primary interface.
type InstanceNetworkInterfaceAttachment struct {
	DeviceIndex int `json:"DeviceIndex"`
}

// DefaultNetworkACL returns the network ACL that EC2 creates with a VPC
// (VPC-UG "Default network ACL"): it allows all inbound and outbound IPv4
// traffic (rule 100), and rule * denies what no numbered rule matches.
// Sources that create a VPC add it under the id they give it.
func DefaultNetworkACL(id, vpcID string, origin Origin) *NetworkACL {
	return &NetworkACL{NetworkAclId: id, VpcId: vpcID, IsDefault: true, Origin: origin, Entries: []NetworkACLEntry{
		{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0"},
		{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0"},
		DenyAllEntry(false), DenyAllEntry(true),
	}}
}

// DenyAllEntry is rule * of every network ACL, in one direction (VPC-UG
// "Network ACL rules": the last rule denies a packet that matches no
// numbered rule; it cannot be changed or removed).
func DenyAllEntry(egress bool) NetworkACLEntry {
	return NetworkACLEntry{RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: egress, CidrBlock: "0.0.0.0/0"}
}

// DefaultSecurityGroup returns the security group that EC2 creates with a
// VPC (VPC-UG "Default security groups for your VPCs"): named "default",
// inbound from members of the group itself, outbound to all IPv4
// addresses.
func DefaultSecurityGroup(id, vpcID string, origin Origin) *SecurityGroup {
	return &SecurityGroup{GroupId: id, GroupName: "default", VpcId: vpcID, Origin: origin,
		IpPermissions:       []IpPermission{{IpProtocol: "-1", UserIdGroupPairs: []UserIdGroupPair{{GroupId: id}}}},
		IpPermissionsEgress: []IpPermission{{IpProtocol: "-1", IpRanges: []IpRange{{CidrIp: "0.0.0.0/0"}}}},
	}
}
