package awstest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// ec2List describes one EC2 Describe* list operation.
type ec2List struct {
	op, listKey string
	// idParam is the request's id list ("VpcId": VpcId.1, VpcId.2, ...) and
	// idField the item field it names.
	idParam, idField string
	// notFound is the error code for a listed id that does not exist
	// (EC2-APIRef "Error codes for the Amazon EC2 API").
	notFound, noun string
	// filters maps a filter name to the item path it tests (EC2-APIRef,
	// each operation's Filter list).
	filters map[string]string
}

// commonFilters apply to every EC2 list served here.
var commonFilters = map[string]string{"owner-id": "OwnerId", "vpc-id": "VpcId", "state": "State"}

var ec2Lists = []ec2List{
	{"DescribeVpcs", "Vpcs", "VpcId", "VpcId", "InvalidVpcID.NotFound", "vpc",
		map[string]string{"cidr": "CidrBlock", "cidr-block-association.cidr-block": "CidrBlockAssociationSet.CidrBlock", "dhcp-options-id": "DhcpOptionsId", "is-default": "IsDefault"}},
	{"DescribeSubnets", "Subnets", "SubnetId", "SubnetId", "InvalidSubnetID.NotFound", "subnet",
		map[string]string{"subnet-id": "SubnetId", "availability-zone": "AvailabilityZone", "availability-zone-id": "AvailabilityZoneId", "cidr-block": "CidrBlock", "default-for-az": "DefaultForAz", "map-public-ip-on-launch": "MapPublicIpOnLaunch"}},
	{"DescribeRouteTables", "RouteTables", "RouteTableId", "RouteTableId", "InvalidRouteTableID.NotFound", "route table",
		map[string]string{"route-table-id": "RouteTableId", "association.subnet-id": "Associations.SubnetId", "association.route-table-association-id": "Associations.RouteTableAssociationId", "association.route-table-id": "Associations.RouteTableId", "association.main": "Associations.Main", "association.gateway-id": "Associations.GatewayId", "route.gateway-id": "Routes.GatewayId", "route.nat-gateway-id": "Routes.NatGatewayId", "route.vpc-peering-connection-id": "Routes.VpcPeeringConnectionId", "route.transit-gateway-id": "Routes.TransitGatewayId"}},
	{"DescribeSecurityGroups", "SecurityGroups", "GroupId", "GroupId", "InvalidGroup.NotFound", "security group",
		map[string]string{"group-id": "GroupId", "group-name": "GroupName"}},
	{"DescribeNetworkAcls", "NetworkAcls", "NetworkAclId", "NetworkAclId", "InvalidNetworkAclID.NotFound", "network ACL",
		map[string]string{"network-acl-id": "NetworkAclId", "association.subnet-id": "Associations.SubnetId", "association.network-acl-id": "Associations.NetworkAclId", "association.association-id": "Associations.NetworkAclAssociationId", "default": "IsDefault"}},
	{"DescribeVpcEndpoints", "VpcEndpoints", "VpcEndpointId", "VpcEndpointId", "InvalidVpcEndpointId.NotFound", "VPC endpoint",
		map[string]string{"vpc-endpoint-id": "VpcEndpointId", "service-name": "ServiceName", "vpc-endpoint-type": "VpcEndpointType", "vpc-endpoint-state": "State"}},
	{"DescribeInternetGateways", "InternetGateways", "InternetGatewayId", "InternetGatewayId", "InvalidInternetGatewayID.NotFound", "internet gateway",
		map[string]string{"internet-gateway-id": "InternetGatewayId", "attachment.vpc-id": "Attachments.VpcId", "attachment.state": "Attachments.State"}},
	{"DescribeNatGateways", "NatGateways", "NatGatewayId", "NatGatewayId", "NatGatewayNotFound", "NAT gateway",
		map[string]string{"nat-gateway-id": "NatGatewayId", "subnet-id": "SubnetId"}},
	{"DescribeManagedPrefixLists", "PrefixLists", "PrefixListId", "PrefixListId", "InvalidPrefixListID.NotFound", "prefix list",
		map[string]string{"prefix-list-id": "PrefixListId", "prefix-list-name": "PrefixListName"}},
	{"DescribePrefixLists", "PrefixLists", "PrefixListId", "PrefixListId", "InvalidPrefixListID.NotFound", "prefix list",
		map[string]string{"prefix-list-id": "PrefixListId", "prefix-list-name": "PrefixListName"}},
	{"DescribeDhcpOptions", "DhcpOptions", "DhcpOptionsId", "DhcpOptionsId", "InvalidDhcpOptionID.NotFound", "DHCP options",
		map[string]string{"dhcp-options-id": "DhcpOptionsId", "key": "DhcpConfigurations.Key", "value": "DhcpConfigurations.Values.Value"}},
}

func init() {
	outs := map[string]func(string, func(*request) (any, error)){
		"DescribeVpcs":               register[ec2.DescribeVpcsOutput],
		"DescribeSubnets":            register[ec2.DescribeSubnetsOutput],
		"DescribeRouteTables":        register[ec2.DescribeRouteTablesOutput],
		"DescribeSecurityGroups":     register[ec2.DescribeSecurityGroupsOutput],
		"DescribeNetworkAcls":        register[ec2.DescribeNetworkAclsOutput],
		"DescribeVpcEndpoints":       register[ec2.DescribeVpcEndpointsOutput],
		"DescribeInternetGateways":   register[ec2.DescribeInternetGatewaysOutput],
		"DescribeNatGateways":        register[ec2.DescribeNatGatewaysOutput],
		"DescribeManagedPrefixLists": register[ec2.DescribeManagedPrefixListsOutput],
		"DescribePrefixLists":        register[ec2.DescribePrefixListsOutput],
		"DescribeDhcpOptions":        register[ec2.DescribeDhcpOptionsOutput],
	}
	for _, l := range ec2Lists {
		outs[l.op]("ec2:"+l.op, l.handle)
	}
	register[ec2.DescribeInstancesOutput]("ec2:DescribeInstances", ec2DescribeInstances)
	register[ec2.DescribeVpcAttributeOutput]("ec2:DescribeVpcAttribute", ec2DescribeVpcAttribute)
	register[ec2.GetManagedPrefixListEntriesOutput]("ec2:GetManagedPrefixListEntries", ec2GetManagedPrefixListEntries)
}

// ec2Filter is one Filter.N of an EC2 request.
type ec2Filter struct {
	name   string
	values []string
}

// filters reads Filter.N.Name and Filter.N.Value.M.
func (r *request) ec2Filters() []ec2Filter {
	var out []ec2Filter
	for i := 1; ; i++ {
		p := "Filter." + strconv.Itoa(i)
		name, ok := r.form[p+".Name"]
		if !ok {
			return out
		}
		f := ec2Filter{name: name[0]}
		for j := 1; ; j++ {
			v, ok := r.form[p+".Value."+strconv.Itoa(j)]
			if !ok {
				break
			}
			f.values = append(f.values, v...)
		}
		out = append(out, f)
	}
}

// match reports whether item passes every filter: each filter needs one of
// its values to match (EC2-APIRef "DescribeVpcs": "If you specify multiple
// filters, the filters are joined with an AND, and the request returns only
// results that match all of the specified filters"; values of one filter
// are joined with OR). Tags: tag:KEY and tag-key.
func matchFilters(item map[string]any, fs []ec2Filter, table map[string]string) (bool, *apiError) {
	for _, f := range fs {
		var have []string
		switch {
		case strings.HasPrefix(f.name, "tag:"):
			key := strings.TrimPrefix(f.name, "tag:")
			tags, _ := item["Tags"].([]any)
			for _, t := range tags {
				if m, ok := t.(map[string]any); ok && str(m, "Key") == key {
					have = append(have, str(m, "Value"))
				}
			}
		case f.name == "tag-key":
			have = values(item, "Tags.Key")
		default:
			path, ok := table[f.name]
			if !ok {
				path, ok = commonFilters[f.name]
			}
			if !ok {
				return false, errorf(400, "InvalidParameterValue", "The filter '%s' is invalid", f.name)
			}
			if path == "State" {
				have = values(item, "State.Name")
				if len(have) == 0 {
					have = values(item, "State")
				}
			} else {
				have = values(item, path)
			}
		}
		if !slices.ContainsFunc(f.values, func(p string) bool {
			return slices.ContainsFunc(have, func(h string) bool { return glob(p, h) })
		}) {
			return false, nil
		}
	}
	return true, nil
}

// handle serves the list: the ids the request names (each must exist, or
// the call fails with the not-found code, as EC2 does), then the filters,
// then one page (NextToken, MaxResults).
func (l ec2List) handle(r *request) (any, error) {
	items := r.acct.items("ec2", l.op, l.listKey)
	byID := []struct{ param, field, what string }{{l.idParam, l.idField, "ID"}}
	if l.op == "DescribeSecurityGroups" {
		// EC2-APIRef "DescribeSecurityGroups": GroupName.N (default VPC).
		byID = append(byID, struct{ param, field, what string }{"GroupName", "GroupName", "name"})
	}
	for _, b := range byID {
		ids := r.strs(b.param)
		if len(ids) == 0 {
			continue
		}
		var kept []any
		for _, id := range ids {
			i := slices.IndexFunc(items, func(it any) bool {
				m, _ := it.(map[string]any)
				return str(m, b.field) == id
			})
			if i < 0 {
				return nil, errorf(400, l.notFound, "The %s %s '%s' does not exist", l.noun, b.what, id)
			}
			kept = append(kept, items[i])
		}
		items = kept
	}
	fs := r.ec2Filters()
	var kept []any
	for _, it := range items {
		m, _ := it.(map[string]any)
		ok, err := matchFilters(m, fs, l.filters)
		if err != nil {
			return nil, err
		}
		if ok {
			kept = append(kept, it)
		}
	}
	pg, next, err := r.page(kept, r.str("NextToken"), r.num("MaxResults"))
	if err != nil {
		return nil, err
	}
	out := map[string]any{l.listKey: orEmpty(pg)}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

var instanceFilters = map[string]string{
	"instance-id": "InstanceId", "subnet-id": "SubnetId", "instance-state-name": "State.Name",
	"network-interface.network-interface-id": "NetworkInterfaces.NetworkInterfaceId",
	"network-interface.subnet-id":            "NetworkInterfaces.SubnetId",
	"network-interface.vpc-id":               "NetworkInterfaces.VpcId",
}

// ec2DescribeInstances filters instances inside their reservations, keeping
// reservations that still hold one, and pages reservations.
func ec2DescribeInstances(r *request) (any, error) {
	ids := r.strs("InstanceId")
	fs := r.ec2Filters()
	seen := map[string]bool{}
	var res []any
	for _, it := range r.acct.items("ec2", "DescribeInstances", "Reservations") {
		rm, _ := it.(map[string]any)
		insts, _ := rm["Instances"].([]any)
		var kept []any
		for _, in := range insts {
			m, _ := in.(map[string]any)
			id := str(m, "InstanceId")
			if len(ids) > 0 && !slices.Contains(ids, id) {
				continue
			}
			ok, err := matchFilters(m, fs, instanceFilters)
			if err != nil {
				return nil, err
			}
			if ok {
				seen[id] = true
				kept = append(kept, in)
			}
		}
		if len(kept) > 0 {
			c := map[string]any{}
			for k, v := range rm {
				c[k] = v
			}
			c["Instances"] = kept
			res = append(res, c)
		}
	}
	for _, id := range ids {
		if !seen[id] && len(fs) == 0 {
			return nil, errorf(400, "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
		}
	}
	pg, next, err := r.page(res, r.str("NextToken"), r.num("MaxResults"))
	if err != nil {
		return nil, err
	}
	out := map[string]any{"Reservations": orEmpty(pg)}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

// ec2DescribeVpcAttribute serves one attribute of a VPC; the snapshot holds
// one entry per attribute.
func ec2DescribeVpcAttribute(r *request) (any, error) {
	vpc, attr := r.str("VpcId"), r.str("Attribute")
	if attr == "" {
		return nil, errorf(400, "MissingParameter", "The request must contain the parameter Attribute")
	}
	key := strings.ToUpper(attr[:1]) + attr[1:]
	entries, _ := r.acct.entries("ec2", "DescribeVpcAttribute")
	for _, e := range entries {
		if str(e, "VpcId") == vpc && e[key] != nil {
			return map[string]any{"VpcId": vpc, key: e[key]}, nil
		}
	}
	if !slices.ContainsFunc(r.acct.items("ec2", "DescribeVpcs", "Vpcs"), func(it any) bool {
		m, _ := it.(map[string]any)
		return str(m, "VpcId") == vpc
	}) {
		return nil, errorf(400, "InvalidVpcID.NotFound", "The vpc ID '%s' does not exist", vpc)
	}
	return nil, unknownFact(r, vpc+" "+attr)
}

func ec2GetManagedPrefixListEntries(r *request) (any, error) {
	id := r.str("PrefixListId")
	e, ok := r.acct.merged("ec2", "GetManagedPrefixListEntries", "Entries", func(e map[string]any) bool { return str(e, "PrefixListId") == id })
	if !ok {
		return nil, errorf(400, "InvalidPrefixListID.NotFound", "The prefix list ID '%s' does not exist", id)
	}
	return r.pageOf(e, "Entries", "NextToken", "MaxResults")
}
