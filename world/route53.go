package world

// HostedZone is a Route 53 hosted zone (GetHostedZone: HostedZone and
// VPCs) with the records that matter to the start phase
// (ListResourceRecordSets). A private hosted zone associated with a VPC
// answers that VPC's queries for its name ahead of public DNS (Route 53 DG
// "Working with private hosted zones"); a central endpoint VPC shares an
// interface endpoint this way.
type HostedZone struct {
	// Id is the zone id without the "/hostedzone/" prefix.
	Id string `json:"Id"`
	// Name is the zone's domain name, with or without the trailing dot.
	Name        string `json:"Name"`
	PrivateZone bool   `json:"PrivateZone,omitempty"`
	// VPCs are the VPCs the zone is associated with; for a private zone
	// only these VPCs see it.
	VPCs []HostedZoneVPC `json:"VPCs,omitempty"`
	// Records are the zone's resource record sets. RecordsKnown is false
	// when the input did not list them.
	Records      []ResourceRecordSet `json:"ResourceRecordSets,omitempty"`
	RecordsKnown bool                `json:"-"`

	Unknown map[string]string `json:"-"`
	Origin  Origin            `json:"-"`
}

// HostedZoneVPC is one VPC association of a private hosted zone.
type HostedZoneVPC struct {
	VPCId     string `json:"VPCId"`
	VPCRegion string `json:"VPCRegion,omitempty"`
}

// ResourceRecordSet is one record of a hosted zone: plain values
// (ResourceRecords) or an alias to another name (AliasTarget), such as an
// interface endpoint's regional DNS name.
type ResourceRecordSet struct {
	Name        string       `json:"Name"`
	Type        string       `json:"Type"`
	Values      []string     `json:"Values,omitempty"`
	AliasTarget *AliasTarget `json:"AliasTarget,omitempty"`
}

// AliasTarget is the target of an alias record.
type AliasTarget struct {
	DNSName      string `json:"DNSName"`
	HostedZoneId string `json:"HostedZoneId,omitempty"`
	// VpcEndpointId is the interface endpoint whose DNS name DNSName is,
	// when the input links them: a plan names the endpoint's dns_entry by
	// reference while the name itself is known only after apply, and
	// DNSName is then an Unresolved stand-in.
	VpcEndpointId string `json:"-"`
}
