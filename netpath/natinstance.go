package netpath

import (
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// natInstance is a route's NAT instance with the network interface the
// route sends traffic to, and that interface's settings.
type natInstance struct {
	inst     *world.Instance
	eni      string // the interface the route names, or the primary one
	subnet   string
	srcDst   *bool // source/destination check; nil when unknown
	groups   []string
	publicIP string
}

// resolveNATInstance finds the instance a route leads to: by InstanceId, or
// through the instance whose interface is the route's NetworkInterfaceId
// (DescribeRouteTables gives both for a route to an instance; a route
// created with --network-interface-id gives only the interface).
func (n *Network) resolveNATInstance(r *world.Route) *natInstance {
	var in *world.Instance
	if r.InstanceId != "" {
		in = n.w.Instances.Get(r.InstanceId)
	} else {
		in = n.instByENI[r.NetworkInterfaceId]
	}
	if in == nil {
		return nil
	}
	var ni *world.InstanceNetworkInterface
	for i := range in.NetworkInterfaces {
		x := &in.NetworkInterfaces[i]
		if r.NetworkInterfaceId != "" && x.NetworkInterfaceId == r.NetworkInterfaceId {
			ni = x
			break
		}
		if r.NetworkInterfaceId == "" && (x.Attachment == nil || x.Attachment.DeviceIndex == 0) && ni == nil {
			ni = x
		}
	}
	ni2 := &natInstance{inst: in, subnet: in.SubnetId, srcDst: in.SourceDestCheck, publicIP: in.PublicIpAddress}
	for _, g := range in.SecurityGroups {
		ni2.groups = append(ni2.groups, g.GroupId)
	}
	if ni == nil {
		return ni2
	}
	// The interface's own settings decide: source/destination check and
	// security groups are per network interface (EC2-UG "Elastic network
	// interfaces"); the instance-level values describe the primary one.
	ni2.eni = ni.NetworkInterfaceId
	primary := ni.Attachment == nil || ni.Attachment.DeviceIndex == 0
	if ni.SubnetId != "" {
		ni2.subnet = ni.SubnetId
	}
	if ni.SourceDestCheck != nil {
		ni2.srcDst = ni.SourceDestCheck
	} else if !primary {
		ni2.srcDst = nil
	}
	if len(ni.Groups) > 0 {
		ni2.groups = ni2.groups[:0]
		for _, g := range ni.Groups {
			ni2.groups = append(ni2.groups, g.GroupId)
		}
	} else if !primary {
		ni2.groups = nil
	}
	switch {
	case ni.Association != nil && ni.Association.PublicIp != "":
		ni2.publicIP = ni.Association.PublicIp
	case !primary:
		ni2.publicIP = ""
	}
	return ni2
}

// viaNATInstance checks a route to a NAT instance (VPC-UG "NAT instances"):
// the instance is running, its source/destination check is off, it sits in
// a public subnet (0.0.0.0/0 to an attached internet gateway) with a public
// IPv4 address or Elastic IP, its security groups admit the task's traffic
// and let it out, and the NACL of its subnet passes both directions. These
// are the settings that make a NAT instance fail where a NAT gateway works
// (AndrewGuenther/fck-nat#99). It reports whether the instance is in the
// task's subnet.
func (n *Network) viaNATInstance(src *source, rt *world.RouteTable, r *world.Route, leg natLeg, p *path) bool {
	p.via = ViaNAT
	target := routeTarget(r)
	nat := n.resolveNATInstance(r)
	if nat == nil {
		if _, _, absent := n.w.Instances.Lookup(r.InstanceId); r.InstanceId != "" && absent {
			p.block(Block{
				Kind:     BlockRoute,
				Resource: r.InstanceId,
				Detail:   r.InstanceId + " does not exist (not in the complete DescribeInstances listing); the 0.0.0.0/0 route leads nowhere",
				Fix:      "point 0.0.0.0/0 at a live NAT device: " + n.natRouteCmd(src, rt, true),
			})
			return false
		}
		if r.InstanceId == "" && n.w.Instances.Known && n.w.Instances.Complete {
			p.miss("ec2:DescribeNetworkInterfaces (" + r.NetworkInterfaceId + ", the 0.0.0.0/0 target, is attached to no instance in the complete DescribeInstances listing)")
			return false
		}
		p.miss("ec2:DescribeInstances (" + target + ", the NAT instance 0.0.0.0/0 leads to: its state, source/destination check, public IP and security groups; AndrewGuenther/fck-nat#99)")
		return false
	}
	id := nat.inst.InstanceId
	eniText := ""
	if nat.eni != "" {
		eniText = ", " + nat.eni
	}
	p.hop("%s (NAT instance%s) in %s", id, eniText, nat.subnet)

	switch st := nat.inst.State.Name; st {
	case "running":
	case "":
		p.assume("%s state is not in the input; assumed running once created", id)
	case "pending", "stopping", "stopped":
		p.block(Block{
			Kind:     BlockRoute,
			Resource: id,
			Detail:   fmt.Sprintf("NAT instance %s is %q; it forwards traffic only while running", id, st),
			Fix:      "aws ec2 start-instances --instance-ids " + id + " (or replace the instance with a NAT gateway)",
		})
	default: // shutting-down, terminated
		p.block(Block{
			Kind:     BlockRoute,
			Resource: id,
			Detail:   fmt.Sprintf("NAT instance %s is %q; the 0.0.0.0/0 route leads nowhere", id, st),
			Fix:      "point 0.0.0.0/0 at a live NAT device: " + n.natRouteCmd(src, rt, true),
		})
	}

	// VPC-UG "NAT instances": a NAT instance sends and receives traffic
	// whose source or destination is not itself, so its
	// source/destination check must be disabled.
	switch {
	case nat.srcDst == nil:
		p.miss("ec2:DescribeInstances SourceDestCheck of " + id + eniText)
	case *nat.srcDst:
		fix := "aws ec2 modify-instance-attribute --instance-id " + id + " --no-source-dest-check"
		if nat.eni != "" {
			fix = "aws ec2 modify-network-interface-attribute --network-interface-id " + nat.eni + " --no-source-dest-check"
		}
		p.block(Block{
			Kind:     BlockRoute,
			Resource: id,
			Detail:   fmt.Sprintf("source/destination check is enabled on NAT instance %s%s: it drops packets not addressed to itself, so it cannot forward the task's traffic (VPC-UG \"NAT instances\"; AndrewGuenther/fck-nat#99)", id, eniText),
			Fix:      fix,
		})
	}

	natSub, found, _ := n.w.Subnets.Lookup(nat.subnet)
	if nat.subnet == "" || !found {
		p.miss("ec2:DescribeSubnets (" + nat.subnet + ", subnet of NAT instance " + id + ")")
		return false
	}
	natRT, miss := n.routeTable(natSub.SubnetId, natSub.VpcId)
	if natRT == nil {
		p.miss(miss)
		return false
	}
	n.publicSubnetRoute(id, "NAT instance", natSub, natRT, p)

	// VPC-UG "Internet gateways": traffic leaves through an internet
	// gateway only from an address with a public IPv4 address or Elastic
	// IP. An instance described by the API without PublicIpAddress has
	// none; an instance from a template (no state yet) may get one at
	// launch that the template does not show.
	if nat.publicIP == "" {
		if nat.inst.State.Name == "" {
			p.miss("public IPv4 address of NAT instance " + id + " (not in the input)")
		} else {
			assoc := "--instance-id " + id
			if nat.eni != "" {
				assoc = "--network-interface-id " + nat.eni
			}
			p.block(Block{
				Kind:     BlockPublicIP,
				Resource: id,
				Detail:   fmt.Sprintf("NAT instance %s%s has no public IPv4 address or Elastic IP, so the internet gateway cannot carry its traffic", id, eniText),
				Fix:      "aws ec2 allocate-address --domain vpc, then aws ec2 associate-address " + assoc + " --allocation-id EIP_ALLOC",
			})
		}
	}

	// VPC-UG "NAT instances" (NATSG): inbound from the private subnets,
	// outbound to the internet. Security groups are stateful, so replies
	// need no rule.
	var gmiss []string
	if len(nat.groups) == 0 {
		gmiss = append(gmiss, "ec2:DescribeInstances SecurityGroups of "+id+eniText)
	}
	groups, gmiss := n.groups(nat.groups, gmiss, p)
	sgName := firstOr(nat.groups, "the NAT instance security group")
	if src.cidr == nil {
		p.miss("ec2:DescribeSubnets CidrBlock of " + src.subnet.SubnetId)
	} else {
		n.checkSG(p, sgCheck{
			groups: groups, miss: gmiss, egress: false, port: leg.port,
			peer:     sgPeer{cidrs: src.cidr, groups: src.sgIDs},
			resource: sgName,
			words: func() (string, string) {
				return fmt.Sprintf("no inbound rule of %s (on NAT instance %s) allows TCP %d from %s or from %s (%s)", joinIDs(nat.groups), id, leg.port, joinIDs(src.sgIDs), src.subnet.SubnetId, src.subnet.CidrBlock),
					fmt.Sprintf("add an inbound rule TCP %d from %s to %s: %s", leg.port, src.subnet.CidrBlock, sgName, ingressCmd(firstOr(nat.groups, "SG_NAT"), leg.port, "", src.subnet.CidrBlock))
			},
			partial: lazyText{"private IP of the task ENI (assigned at launch in ", src.subnet.CidrBlock, "; the NAT instance security group admits only part of it)"},
		})
	}
	n.checkSG(p, sgCheck{
		groups: groups, miss: gmiss, egress: true, port: leg.port,
		peer:     sgPeer{cidrs: leg.dest},
		resource: sgName,
		words: func() (string, string) {
			return fmt.Sprintf("no outbound rule of %s (on NAT instance %s) allows TCP %d to %s", joinIDs(nat.groups), id, leg.port, leg.destText),
				fmt.Sprintf("add an outbound rule TCP %d to 0.0.0.0/0 on %s: %s", leg.port, sgName, egressCmd(firstOr(nat.groups, "SG_NAT"), leg.port, "", "0.0.0.0/0"))
		},
		partial:      lazyText{leg.partial, " (the NAT instance security group allows only part of ", leg.destText, ")"},
		blockPartial: leg.known,
	})

	// VPC-UG "Ephemeral ports": the return traffic comes back to the port
	// the NAT instance used. Linux NAT (netfilter masquerading) keeps the
	// client's source port when it is free, so the task's range
	// 32768-65535 is what the instance's subnet must admit back [netfilter
	// behaviour]; a NAT gateway, by contrast, uses 1024-65535.
	return n.natSubnetACLs(src, natSub, leg, taskEphemeral, p)
}
