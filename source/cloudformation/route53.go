package cloudformation

import (
	"cmp"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// hostedZone reads AWS::Route53::HostedZone. A zone with VPCs is a private
// hosted zone associated with them (CFN reference AWS::Route53::HostedZone
// VPCs: "A complex type that contains information about the VPCs that are
// associated with the specified hosted zone"; Route 53 DG "Working with
// private hosted zones"). The template creates the zone, so its records
// are the record sets the template adds to it.
func (l *loader) hostedZone(r *resource, p obj) error {
	z := &world.HostedZone{Id: l.hostedZoneID(r), RecordsKnown: true, Origin: l.origin(r)}
	var err error
	if z.Name, err = p.strOr("Name", ""); err != nil {
		return err
	}
	vpcs, whole, err := p.list("VPCs")
	if err != nil {
		return err
	}
	if whole.k != vNull {
		z.PrivateZone = true
		z.VPCs = []world.HostedZoneVPC{{VPCId: whole.s}}
		z.Unknown = map[string]string{"VPCs": l.unknownMsg(p.sub("VPCs"), whole)}
	}
	for _, v := range vpcs {
		z.PrivateZone = true
		if x, bad := v.unres(); bad {
			z.VPCs = append(z.VPCs, world.HostedZoneVPC{VPCId: x.s})
			continue
		}
		var a world.HostedZoneVPC
		if a.VPCId, err = v.strOr("VPCId", ""); err != nil {
			return err
		}
		if a.VPCRegion, err = v.strOr("VPCRegion", ""); err != nil {
			return err
		}
		z.VPCs = append(z.VPCs, a)
	}
	l.w.HostedZones.Put(z.Id, z)
	l.zoneByName[strings.TrimSuffix(z.Name, ".")] = z
	return nil
}

// recordSet reads AWS::Route53::RecordSet into its zone.
func (l *loader) recordSet(r *resource, p obj) error {
	return l.addRecord(r, p, p)
}

// recordSetGroup reads AWS::Route53::RecordSetGroup: RecordSets share the
// group's zone.
func (l *loader) recordSetGroup(r *resource, p obj) error {
	sets, whole, err := p.list("RecordSets")
	if err != nil {
		return err
	}
	if whole.k != vNull {
		z, err := l.recordZone(r, p)
		if err != nil {
			return err
		}
		if z != nil {
			z.RecordsKnown = false
			l.zoneUnknown(z, "ResourceRecordSets", l.unknownMsg(p.sub("RecordSets"), whole))
		}
		return nil
	}
	for _, s := range sets {
		if err := l.addRecord(r, p, s); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) zoneUnknown(z *world.HostedZone, field, msg string) {
	if z.Unknown == nil {
		z.Unknown = map[string]string{}
	}
	z.Unknown[field] = msg
}

// recordZone finds the zone a record set names by HostedZoneId or
// HostedZoneName: a template zone, else a zone entry for a zone the
// template does not create, whose other records are unknown.
func (l *loader) recordZone(r *resource, zp obj) (*world.HostedZone, error) {
	id, err := zp.strOr("HostedZoneId", "")
	if err != nil {
		return nil, err
	}
	name, err := zp.strOr("HostedZoneName", "")
	if err != nil {
		return nil, err
	}
	id = strings.TrimPrefix(id, "/hostedzone/")
	if z := l.w.HostedZones.Get(id); id != "" && z != nil {
		return z, nil
	}
	if z := l.zoneByName[strings.TrimSuffix(name, ".")]; name != "" && z != nil {
		return z, nil
	}
	key := id
	switch {
	case id != "":
	case name != "":
		key = "name:" + name
	default:
		return nil, nil
	}
	z := l.w.HostedZones.Get(key)
	if z == nil {
		z = &world.HostedZone{Id: id, Name: name, Origin: l.origin(r)}
		l.zoneUnknown(z, "ResourceRecordSets", "the hosted zone "+cmp.Or(id, name)+" of "+r.id+" is not in "+l.file+"; its other records and VPCs are the account's: check it with --snapshot")
		l.w.HostedZones.Put(key, z)
	}
	return z, nil
}

// addRecord reads one record set (CFN reference AWS::Route53::RecordSet:
// Name, Type, ResourceRecords, AliasTarget.DNSName and .HostedZoneId);
// zp holds its zone's HostedZoneId or HostedZoneName.
func (l *loader) addRecord(r *resource, zp, p obj) error {
	z, err := l.recordZone(r, zp)
	if z == nil || err != nil {
		return err
	}
	if x, bad := p.unres(); bad {
		z.RecordsKnown = false
		l.zoneUnknown(z, "ResourceRecordSets", l.unknownMsg(p.path, x))
		return nil
	}
	var rs world.ResourceRecordSet
	if rs.Name, err = p.strOr("Name", ""); err != nil {
		return err
	}
	if rs.Type, err = p.strOr("Type", ""); err != nil {
		return err
	}
	if rs.Values, err = p.strs("ResourceRecords"); err != nil {
		return err
	}
	if at, ok, err := p.object("AliasTarget"); err != nil {
		return err
	} else if ok {
		a := &world.AliasTarget{}
		if x, bad := at.unres(); bad {
			a.DNSName = x.s
		} else {
			if a.DNSName, err = at.strOr("DNSName", ""); err != nil {
				return err
			}
			if a.HostedZoneId, err = at.strOr("HostedZoneId", ""); err != nil {
				return err
			}
		}
		rs.AliasTarget = a
	}
	z.Records = append(z.Records, rs)
	return nil
}
