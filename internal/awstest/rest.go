package awstest

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func init() {
	register[route53.ListHostedZonesByVPCOutput]("route53:ListHostedZonesByVPC", r53ListHostedZonesByVPC)
	register[route53.GetHostedZoneOutput]("route53:GetHostedZone", r53GetHostedZone)
	register[route53.ListResourceRecordSetsOutput]("route53:ListResourceRecordSets", r53ListResourceRecordSets)
	register[s3.GetBucketPolicyOutput]("s3:GetBucketPolicy", s3GetBucketPolicy)
	register[s3.GetBucketLocationOutput]("s3:GetBucketLocation", s3GetBucketLocation)
}

// route53Op names the Route 53 operation of a request path (R53-APIRef:
// GET /2013-04-01/hostedzonesbyvpc, GET /2013-04-01/hostedzone/Id,
// GET /2013-04-01/hostedzone/Id/rrset).
func route53Op(method string, path []string) string {
	if method != http.MethodGet {
		return ""
	}
	switch {
	case len(path) == 1 && path[0] == "hostedzonesbyvpc":
		return "ListHostedZonesByVPC"
	case len(path) == 2 && path[0] == "hostedzone":
		return "GetHostedZone"
	case len(path) == 3 && path[0] == "hostedzone" && path[2] == "rrset":
		return "ListResourceRecordSets"
	}
	return strings.Join(path, "/")
}

// s3Op names the S3 operation of a path-style request (S3-APIRef
// "GetBucketPolicy": GET /Bucket?policy; "GetBucketLocation": GET
// /Bucket?location).
func s3Op(method string, path []string, q url.Values) string {
	if method == http.MethodGet && len(path) == 1 {
		switch {
		case q.Has("policy"):
			return "GetBucketPolicy"
		case q.Has("location"):
			return "GetBucketLocation"
		}
	}
	return method + " /" + strings.Join(path, "/")
}

func zoneID(id string) string { return strings.TrimPrefix(id, "/hostedzone/") }

// r53ListHostedZonesByVPC serves the zones of the VPC; a VPC without an
// entry is unknownFact (per-resource, docs/snapshot.md).
func r53ListHostedZonesByVPC(r *request) (any, error) {
	vpc, region := r.query.Get("vpcid"), r.query.Get("vpcregion")
	e, ok := r.acct.merged("route53", "ListHostedZonesByVPC", "HostedZoneSummaries", func(x map[string]any) bool {
		return str(x, "VPCId") == vpc && (str(x, "VPCRegion") == region || region == "")
	})
	if !ok {
		if _, has := r.acct.doc["route53"]; !has {
			// docs/snapshot.md: a snapshot without the route53 section is
			// read as having no private zone; served so, the VPC has none.
			return map[string]any{"HostedZoneSummaries": []any{}, "MaxItems": "100"}, nil
		}
		return nil, unknownFact(r, vpc+" "+region)
	}
	out, err := r.pageOf(e, "HostedZoneSummaries", "nexttoken", "maxitems")
	if err != nil {
		return nil, err
	}
	m := out.(map[string]any)
	// A snapshot page's own token is not this server's.
	next, ok := m["nexttoken"]
	delete(m, "nexttoken")
	delete(m, "NextToken")
	if ok {
		m["NextToken"] = next
	}
	if m["MaxItems"] == nil {
		m["MaxItems"] = "100"
	}
	delete(m, "VPCId")
	delete(m, "VPCRegion")
	return m, nil
}

func noSuchHostedZone(id string) error {
	return errorf(404, "NoSuchHostedZone", "No hosted zone found with ID: %s", id)
}

func r53GetHostedZone(r *request) (any, error) {
	id := zoneID(r.path[1])
	entries, _ := r.acct.entries("route53", "GetHostedZone")
	for _, e := range entries {
		if zoneID(str(e, "HostedZone.Id")) == id {
			return e, nil
		}
	}
	return nil, noSuchHostedZone(id)
}

// r53ListResourceRecordSets pages records with name, type and identifier:
// a page starts at the record the request names, and a truncated page names
// the next record in NextRecordName, NextRecordType, NextRecordIdentifier
// (R53-APIRef "ListResourceRecordSets").
func r53ListResourceRecordSets(r *request) (any, error) {
	id := zoneID(r.path[1])
	e, ok := r.acct.merged("route53", "ListResourceRecordSets", "ResourceRecordSets", func(x map[string]any) bool {
		return zoneID(str(x, "HostedZoneId")) == id
	})
	if !ok {
		if _, known := r.acct.find("route53", "GetHostedZone", "HostedZone.Id", id, "/hostedzone/"+id); known {
			return nil, unknownFact(r, id)
		}
		return nil, noSuchHostedZone(id)
	}
	recs, _ := e["ResourceRecordSets"].([]any)
	start := 0
	if name := r.query.Get("name"); name != "" {
		typ, ident := r.query.Get("type"), r.query.Get("identifier")
		start = slices.IndexFunc(recs, func(x any) bool {
			m, _ := x.(map[string]any)
			return str(m, "Name") == name && (typ == "" || str(m, "Type") == typ) && str(m, "SetIdentifier") == ident
		})
		if start < 0 {
			start = len(recs)
		}
	}
	size := len(recs) - start
	if n := r.num("maxitems"); n > 0 && n < size {
		size = n
	}
	if ps := r.s.pageSize; ps > 0 && ps < size {
		size = ps
	}
	end := start + size
	out := map[string]any{"ResourceRecordSets": orEmpty(recs[start:end]), "IsTruncated": end < len(recs), "MaxItems": "300"}
	if end < len(recs) {
		next, _ := recs[end].(map[string]any)
		out["NextRecordName"], out["NextRecordType"] = str(next, "Name"), str(next, "Type")
		if ident := str(next, "SetIdentifier"); ident != "" {
			out["NextRecordIdentifier"] = ident
		}
	}
	return out, nil
}

// s3Bucket reports whether the account has the bucket: an entry of either
// S3 operation names it.
func (r *request) s3Bucket(name string) bool {
	for _, op := range []string{"GetBucketPolicy", "GetBucketLocation"} {
		if _, ok := r.acct.find("s3", op, "Bucket", name); ok {
			return true
		}
	}
	return false
}

func noSuchBucket(name string) error {
	return errorf(404, "NoSuchBucket", "The specified bucket does not exist: %s", name)
}

// s3GetBucketPolicy returns the policy as the body, the JSON text itself;
// a bucket without one is NoSuchBucketPolicy (S3-APIRef "GetBucketPolicy").
func s3GetBucketPolicy(r *request) (any, error) {
	b := r.path[0]
	if e, ok := r.acct.find("s3", "GetBucketPolicy", "Bucket", b); ok {
		p, isStr := e["Policy"].(string)
		if !isStr {
			p = compact(e["Policy"])
		}
		return rawBody{"application/json", []byte(p)}, nil
	}
	if r.s3Bucket(b) {
		// Absent from a present GetBucketPolicy: no policy (docs/snapshot.md).
		if !r.acct.hasOp("s3", "GetBucketPolicy") {
			return nil, unknownFact(r, "bucket "+b)
		}
		return nil, errorf(404, "NoSuchBucketPolicy", "The bucket policy does not exist")
	}
	return nil, noSuchBucket(b)
}

// s3GetBucketLocation answers <LocationConstraint>, empty for us-east-1
// (S3-APIRef "GetBucketLocation": "Buckets in Region us-east-1 have a
// LocationConstraint of null").
func s3GetBucketLocation(r *request) (any, error) {
	b := r.path[0]
	e, ok := r.acct.find("s3", "GetBucketLocation", "Bucket", b)
	if !ok {
		if r.s3Bucket(b) {
			return nil, unknownFact(r, "bucket "+b)
		}
		return nil, noSuchBucket(b)
	}
	var body bytes.Buffer
	body.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`)
	xmlText(&body, str(e, "LocationConstraint"))
	body.WriteString(`</LocationConstraint>`)
	return rawBody{"application/xml", body.Bytes()}, nil
}
