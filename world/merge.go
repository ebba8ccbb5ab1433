package world

import "slices"

// Merge lays overlay over base and returns the result; neither is changed.
// A resource in both is taken from overlay: a template or plan describes
// what will be, a snapshot what is ("template wins where both speak"). A set
// is known when either input knows it, and complete when base (the account
// listing) is complete or only overlay speaks and it is complete.
func Merge(base, overlay *World) *World {
	if base == nil {
		return overlay
	}
	if overlay == nil {
		return base
	}
	w := *base
	if overlay.Partition != "" {
		w.Partition = overlay.Partition
	}
	if overlay.Region != "" {
		w.Region, w.RegionFrom = overlay.Region, overlay.RegionFrom
	}
	if overlay.AccountID != "" {
		w.AccountID, w.AccountFrom = overlay.AccountID, overlay.AccountFrom
	}
	if overlay.Origin.File != "" {
		w.Origin = overlay.Origin
	}
	if overlay.SCPs != nil {
		w.SCPs = overlay.SCPs
	}
	if overlay.RCPs != nil {
		w.RCPs = overlay.RCPs
	}
	if overlay.OrganizationID != "" {
		w.OrganizationID = overlay.OrganizationID
	}
	if overlay.ManagementAccountID != "" {
		w.ManagementAccountID = overlay.ManagementAccountID
	}
	if len(overlay.Assumptions) > 0 {
		w.Assumptions = append(slices.Clip(base.Assumptions), overlay.Assumptions...)
	}
	w.TaskDefinitions = mergeSet(base.TaskDefinitions, overlay.TaskDefinitions)
	w.Services = mergeSet(base.Services, overlay.Services)
	w.Roles = mergeSet(base.Roles, overlay.Roles)
	w.Policies = mergeSet(base.Policies, overlay.Policies)
	w.VPCs = mergeSet(base.VPCs, overlay.VPCs)
	w.Subnets = mergeSet(base.Subnets, overlay.Subnets)
	w.RouteTables = mergeSet(base.RouteTables, overlay.RouteTables)
	w.SecurityGroups = mergeSet(base.SecurityGroups, overlay.SecurityGroups)
	w.NetworkACLs = mergeSet(base.NetworkACLs, overlay.NetworkACLs)
	w.VPCEndpoints = mergeSet(base.VPCEndpoints, overlay.VPCEndpoints)
	w.InternetGateways = mergeSet(base.InternetGateways, overlay.InternetGateways)
	w.NATGateways = mergeSet(base.NATGateways, overlay.NATGateways)
	w.PrefixLists = mergeSet(base.PrefixLists, overlay.PrefixLists)
	w.Instances = mergeSet(base.Instances, overlay.Instances)
	w.DHCPOptions = mergeSet(base.DHCPOptions, overlay.DHCPOptions)
	w.InstanceGroups = mergeSet(base.InstanceGroups, overlay.InstanceGroups)
	w.CapacityProviders = mergeSet(base.CapacityProviders, overlay.CapacityProviders)
	w.HostedZones = mergeSet(base.HostedZones, overlay.HostedZones)
	w.Repositories = mergeSet(base.Repositories, overlay.Repositories)
	w.Secrets = mergeSet(base.Secrets, overlay.Secrets)
	w.Keys = mergeSet(base.Keys, overlay.Keys)
	w.KeyAliases = mergeSet(base.KeyAliases, overlay.KeyAliases)
	w.Parameters = mergeSet(base.Parameters, overlay.Parameters)
	w.LogGroups = mergeSet(base.LogGroups, overlay.LogGroups)
	w.Buckets = mergeSet(base.Buckets, overlay.Buckets)
	return &w
}

func mergeSet[T any](base, overlay Set[T]) Set[T] {
	if !overlay.Known {
		return base
	}
	if !base.Known {
		return overlay
	}
	out := Set[T]{Known: true, Complete: base.Complete, Source: base.Source}
	for _, k := range base.order {
		out.Put(k, base.items[k])
	}
	for _, k := range overlay.order {
		out.Put(k, overlay.items[k])
	}
	return out
}
