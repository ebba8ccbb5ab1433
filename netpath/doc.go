// Package netpath answers whether an ECS task's network interface reaches a
// host the task start phase calls (ECR API, the registry, the S3 layer
// bucket, CloudWatch Logs, Secrets Manager, SSM, KMS, STS, or an internet
// registry), which way the traffic goes, and — when it does not — every
// setting on the way that drops it, with the fix.
//
// # What is modelled
//
// Reach models the task ENI of a task in awsvpc mode on Fargate platform
// version 1.4.0 or later, where image pulls, secrets and logs all leave
// through the task's own ENI in the customer's VPC (ECS-DG "Fargate platform
// versions"). Earlier platform versions used an AWS-managed ENI for part of
// that traffic; the caller handles them.
//
// A packet from the task takes one of these ways out:
//
//   - A VPC endpoint. An interface endpoint serves a host only when its
//     private DNS is enabled, it is available, and the VPC has both
//     enableDnsSupport and enableDnsHostnames: then the public service name
//     resolves to the endpoint's ENIs (PrivateLink guide "Private DNS").
//     The ecr.dkr endpoint's private DNS also covers
//     ACCOUNT.dkr.ecr.REGION.amazonaws.com. Endpoints are regional. An S3
//     gateway endpoint serves the subnets whose route table it is
//     associated with: the endpoint adds a route for the S3 prefix list to
//     those tables (VPC-UG "Gateway endpoints"). An S3 interface endpoint
//     serves only with private DNS, and never ECR layers: ECS-DG "Amazon
//     ECS interface VPC endpoints (AWS PrivateLink)" says the interface
//     endpoints for Amazon S3 can't be used with Amazon ECR, so when one is
//     the only path for the layer bucket the pull is blocked, with the S3
//     gateway endpoint as the fix (unknown when a NAT device or internet
//     gateway would also carry it).
//   - An internet gateway: the subnet's route table sends 0.0.0.0/0 to an
//     internet gateway attached to the VPC and the task has a public IP
//     (assignPublicIp ENABLED; amazon-ecs-agent#1128).
//   - A NAT gateway: 0.0.0.0/0 goes to an available public NAT gateway whose
//     own subnet routes 0.0.0.0/0 to an attached internet gateway.
//   - A NAT instance (VPC-UG "NAT instances"): 0.0.0.0/0 goes to an instance,
//     by its id or by one of its network interfaces (world.Instances, from
//     ec2:DescribeInstances). It works when the instance is running, the
//     routed interface's source/destination check is off, it has a public
//     IPv4 address or Elastic IP, its subnet routes 0.0.0.0/0 to an
//     attached internet gateway, its security groups admit TCP 443 from the
//     task (its subnet's CIDR, or a task group by reference) and let it out
//     to the internet, and its subnet's NACL passes both legs. Each setting
//     that fails is one block (AndrewGuenther/fck-nat#99); an instance the
//     input does not describe leaves the answer unknown.
//   - A central endpoint VPC: a Route 53 private hosted zone associated
//     with the task's VPC covers the host (the most specific zone wins,
//     Route 53 DG "Considerations when working with a private hosted
//     zone") and its record aliases the name to an interface endpoint in
//     another VPC (AWS whitepaper "Building a Scalable and Secure Multi-VPC
//     AWS Network Infrastructure", "Centralized access to VPC private
//     endpoints"). The path then needs a route from the task's subnet to
//     the endpoint's subnets over a peering connection (and the same
//     connection back) or a transit gateway (whose own route tables are not
//     in the input: unknown), and the usual security groups and NACLs. A
//     zone that covers the host without a record for it answers NXDOMAIN
//     (blocked); a record, endpoint, subnet or zone listing the input lacks
//     leaves the answer unknown. [assumption: an input that lists no private
//     zone for the task's VPC has none covering the start phase's hosts.]
//     The VPC's own endpoint with private DNS owns its name. Private zones
//     need enableDnsSupport and enableDnsHostnames; when an attribute is
//     false or not in the input, the answers with and without the zone are
//     both evaluated, and one they agree on stands.
//
// Transit gateway, virtual private gateway, firewall or Gateway Load
// Balancer endpoint default routes are unknown with the reason: what lies
// beyond them is not in the input. A default route over VPC peering is
// blocked (no edge-to-edge routing).
//
// From an IPv4 or dual-stack subnet the task start uses IPv4: Fargate calls
// the IPv4 api.ecr host for the registry token (aws/containers-roadmap#1340,
// #2287, #2792), so an egress-only internet gateway, a ::/0 route, IPv6
// security group rules and IPv6 NACL entries carry or admit nothing there.
// From an IPv6-only subnet (ipv6only.go; ECS-DG "Using a VPC in IPv6-only
// mode" for Fargate and Managed Instances) every call is IPv6: ECR's IPv4
// image URI is blocked (the page requires the dual-stack image URI), the
// dual-stack hosts (*.on.aws, *.api.aws, s3.dualstack...) are checked along
// ::/0 to an egress-only or internet gateway, the task's IPv6 egress rules
// and the NACL's IPv6 entries, and an IPv4 name is blocked without any
// IPv6 way out or endpoint and unknown otherwise (which host the agent uses
// is not documented). ECR's two pages conflict on PrivateLink over IPv6;
// the assumption taken is named in Assumptions. An
// IPv4-mapped IPv6 CIDR (::ffff:a.b.c.d/n) is IPv6 too, in whichever field
// it is written: VPC-UG "Route priority" keeps IPv4 and IPv6 routes
// independent, and security group rules and NACL entries take an IPv4 or an
// IPv6 CIDR, so it never matches the task's IPv4 packets.
//
// # DNS
//
// Every call starts with a lookup of its host name through the DNS servers
// of the task's VPC. With enableDnsSupport false the Amazon DNS server does
// not resolve public host names (VPC-UG "DNS attributes for your VPC"), so
// with the default DHCP options (AmazonProvidedDNS) every host is blocked
// on the VPC, whatever the route; with custom DNS servers (VPC-UG "DHCP
// option sets") the answer is unknown, as it is when the input lacks the
// attribute (DescribeVpcAttribute) or the VPC. Sources that create the VPC
// fill the attribute with the resource's default (true).
//
// # Hosts
//
// ServiceTarget, ECRAPITarget, ECRRegistryTarget, LayerBucketTarget,
// BucketTarget and InternetTarget build the hosts of the start phase, per
// region and partition (.amazonaws.com.cn in China, and the cn.com.amazonaws
// endpoint service names there). Some hosts have no VPC endpoint and are
// reached only through a NAT device or a public IP: ECR's FIPS hosts
// (ecr-fips.REGION.amazonaws.com, ACCOUNT.dkr.ecr-fips...), ECR's dual-stack
// hosts (ecr.REGION.api.aws, ACCOUNT.dkr-ecr.REGION.on.aws; ECR-UG "Making
// requests to Amazon ECR registries": no PrivateLink over dual-stack),
// public.ecr.aws, Docker Hub, ghcr.io, quay.io and any other registry.
// Their Target has Service "". ECR in another region is blocked without an
// internet path: endpoints are regional.
//
// When an endpoint serves the host, DNS sends the traffic there whatever the
// route table says; otherwise the host resolves to public addresses and the
// internet path decides. The route for a public host is the 0.0.0.0/0 route:
// the host's address is not in the input, so only a route covering all
// public space decides (more specific routes that overlap it produce a
// warning).
//
// On every path the filters are checked as sets of addresses, not single
// addresses, because the task's private IP is any address of its subnet, an
// endpoint ENI any address of its subnets, and a public host any public
// address (for S3, any address of the region's S3 prefix list when its
// entries are known):
//
//   - Security groups are stateful and only allow (VPC-UG "Security group
//     rules"). The task's groups must allow egress TCP 443 to the peer — by
//     CIDRs covering it, by the S3 prefix list id, or by reference to the
//     endpoint's group — and the endpoint's groups must allow ingress TCP 443
//     from the task (by reference to a task group or a CIDR covering the
//     task's subnet).
//   - Network ACLs are stateless and ordered (VPC-UG "Network ACL rules"):
//     entries are evaluated by ascending rule number, the first match
//     decides, and rule * (32767) denies the rest. Each subnet crossed needs
//     TCP 443 one way and the ephemeral return ports the other
//     (amazon-ecs-agent#1680): 32768-65535 back to the task (and to a NAT
//     instance, which keeps the task's source port), 1024-65535 back to a
//     NAT gateway (VPC-UG "Ephemeral ports"). Traffic inside one subnet
//     does not cross its NACL.
//
// # Unknown region
//
// World.Region is "" when the input pins no region. ServiceTarget and
// LayerBucketTarget then write the stand-in world.Unresolved("region") in
// the host name, and an endpoint whose service name was built from the
// unknown region (com.amazonaws.<unresolved AWS::Region>.logs) keeps its
// service with an unknown region. Endpoints and S3 prefix lists are
// regional, so Reach evaluates every region the input allows (each region
// an endpoint or S3 route names, the unresolved endpoints' region, and no
// endpoint at all) and keeps an answer they agree on; otherwise the region
// is missing. An unknown region is never a mismatch (region.go).
//
// # Answers
//
// A Result is Reachable, Blocked or Unknown. Blocked lists every block on
// the best candidate path (the endpoint if one exists for the service, else
// the internet path), not only the first, each with the resource, what about
// it blocks, and the smallest fix as an AWS CLI command. Unknown names in
// Missing the exact API call and resource whose answer would decide; Reach
// never answers Reachable when a missing fact could make it fail, except
// where stated in Assumptions (an endpoint or NAT gateway without a state in
// a template is assumed available once created). Without DescribeVpcEndpoints
// an AWS service's answer is Unknown: an unlisted endpoint with private DNS
// would carry the call instead. When a missing fact decides
// between two paths, both are evaluated and an answer they agree on stands.
// Compile(w, AssumeDefaults(label)) takes, for a VPC in the input, the
// default network ACL and no endpoints beyond the input's where the input
// does not say, each named in Assumptions.
//
// A definite block decides even when other facts are missing: the path
// fails whatever they turn out to be, and Missing then lists the facts that
// would matter once the blocks are fixed.
//
// # Use
//
// Compile a world once and ask for every host:
//
//	net := netpath.Compile(w)
//	r := net.Reach(eni, netpath.ServiceTarget("ecr.api", "eu-west-1", "aws"))
//
// Reach(w, ...) compiles on every call; it is for one-off questions.
//
// Endpoint policies are one more filter the caller evaluates with the IAM
// evaluator: Result.EndpointID and the SourceVpc/SourceVpce context values
// say which policy applies.
package netpath
