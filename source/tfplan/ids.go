package tfplan

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// idPrefix lists the resource types whose stand-in id keeps the AWS id
// prefix, because readers classify a route target by it (a route to igw-…
// is an internet gateway route, VPC-UG "Route tables").
var idPrefix = map[string]string{
	"aws_internet_gateway": "igw-",
	"aws_vpc_endpoint":     "vpce-",
}

// standIn is the id of an instance the plan creates and whose id exists only
// after apply: its address, so every reference to it resolves to the same
// string and the world's links hold.
func standIn(in *inst) string {
	return idPrefix[in.typ] + in.addr
}

// arnSafe makes an address usable inside an ARN resource part.
func arnSafe(s string) string {
	return strings.NewReplacer(":", "_", " ", "_").Replace(s)
}

func (r *reader) partition() string {
	if r.w.Partition != "" {
		return r.w.Partition
	}
	return "aws"
}

// synth returns the value an identity attribute of a created instance will
// have: an ARN built from names the plan knows, where AWS builds it that
// way (IAM-UG "IAM identifiers"; each service's ARN format), else the
// stand-in id. ok is false for attributes that are not an identity.
func (r *reader) synth(in *inst, attr string) (string, bool) {
	p, reg, acct := r.partition(), cmp.Or(r.w.Region, noRegion), cmp.Or(r.w.AccountID, noAccount)
	name := in.str("name")
	switch in.typ {
	case "aws_iam_role":
		switch attr {
		case "arn":
			if name == "" {
				return standIn(in), true
			}
			return "arn:" + p + ":iam::" + acct + ":role" + iamPath(in.str("path")) + name, true
		case "id", "name":
			if name != "" {
				return name, true
			}
			return standIn(in), true
		}
	case "aws_iam_policy":
		switch attr {
		case "arn", "id", "policy_id":
			if name == "" || attr == "policy_id" {
				return standIn(in), true
			}
			return "arn:" + p + ":iam::" + acct + ":policy" + iamPath(in.str("path")) + name, true
		}
	case "aws_ecs_cluster":
		if (attr == "arn" || attr == "id") && name != "" {
			return "arn:" + p + ":ecs:" + reg + ":" + acct + ":cluster/" + name, true
		}
	case "aws_ecr_repository":
		if name == "" {
			break
		}
		switch attr {
		case "arn":
			return "arn:" + p + ":ecr:" + reg + ":" + acct + ":repository/" + name, true
		case "repository_url":
			if r.w.AccountID == "" || r.w.Region == "" {
				return "", false
			}
			// ECR-UG "Private registry concepts": ACCOUNT.dkr.ecr.REGION.amazonaws.com.
			return acct + ".dkr.ecr." + reg + "." + world.DNSSuffix(p) + "/" + name, true
		case "registry_id":
			return r.w.AccountID, r.w.AccountID != ""
		case "id":
			return name, true
		}
	case "aws_cloudwatch_log_group":
		if name == "" {
			break
		}
		switch attr {
		case "arn":
			return "arn:" + p + ":logs:" + reg + ":" + acct + ":log-group:" + name, true
		case "id":
			return name, true
		}
	case "aws_ssm_parameter":
		if name == "" {
			break
		}
		switch attr {
		case "arn":
			return "arn:" + p + ":ssm:" + reg + ":" + acct + ":parameter/" + strings.TrimPrefix(name, "/"), true
		case "id":
			return name, true
		}
	case "aws_secretsmanager_secret":
		if attr == "arn" || attr == "id" {
			if name == "" {
				return standIn(in), true
			}
			return secretARN(p, reg, acct, name), true
		}
	case "aws_kms_key":
		switch attr {
		case "id", "key_id":
			return arnSafe(in.addr), true
		case "arn":
			return "arn:" + p + ":kms:" + reg + ":" + acct + ":key/" + arnSafe(in.addr), true
		}
	case "aws_kms_alias":
		if name != "" && attr == "arn" {
			return "arn:" + p + ":kms:" + reg + ":" + acct + ":" + name, true
		}
	case "aws_s3_bucket":
		// AWS provider docs "aws_s3_bucket": id is the bucket's name; S3-UG
		// "Bucket naming rules": the ARN is arn:PARTITION:s3:::NAME.
		if b := in.str("bucket"); b != "" {
			switch attr {
			case "id", "bucket":
				return b, true
			case "arn":
				return "arn:" + p + ":s3:::" + b, true
			}
		}
	case "aws_vpc":
		switch attr {
		case "default_network_acl_id", "default_route_table_id", "default_security_group_id":
			return in.addr + "." + attr, true
		case "main_route_table_id":
			return in.addr + ".default_route_table_id", true
		}
	case "aws_default_route_table":
		if attr == "id" {
			if v, ok, _ := r.str(in, nil, "default_route_table_id"); ok && v != "" {
				return v, true
			}
		}
	case "aws_default_network_acl":
		if attr == "id" {
			if v, ok, _ := r.str(in, nil, "default_network_acl_id"); ok && v != "" {
				return v, true
			}
		}
	case "aws_route53_zone":
		if attr == "zone_id" {
			return standIn(in), true
		}
	case "aws_default_security_group":
		if attr == "id" {
			if vpc, ok, _ := r.str(in, []string{"aws_vpc"}, "vpc_id"); ok && vpc != "" {
				return r.defaultSGOf(vpc), true
			}
		}
	}
	if attr == "id" || attr == "arn" {
		return standIn(in), true
	}
	return "", false
}

// defaultSGOf names the default security group of a VPC: known for a VPC in
// the prior state, else the stand-in built from the VPC's stand-in.
func (r *reader) defaultSGOf(vpcID string) string {
	for _, in := range r.insts {
		if in.typ == "aws_vpc" && !in.data {
			if id, _, _ := r.str(in, nil, "id"); id == vpcID {
				if v := in.str("default_security_group_id"); v != "" {
					return v
				}
				return in.addr + ".default_security_group_id"
			}
		}
	}
	return vpcID + ".default_security_group_id"
}

// secretSuffix stands for the six random characters Secrets Manager appends
// to a secret's name in its ARN (SM-UG "Secret ARN"): six characters, so
// that policies written as secret:NAME-?????? match it as they will match
// the real ARN.
const secretSuffix = "??????"

func secretARN(p, reg, acct, name string) string {
	return "arn:" + p + ":secretsmanager:" + reg + ":" + acct + ":secret:" + name + "-" + secretSuffix
}

func iamPath(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

var (
	// The region parts are checked with world.IsRegion, the one region rule.
	arnRE = regexp.MustCompile(`^arn:(aws[a-z-]*):[a-z0-9-]+:([a-z0-9-]*):(\d{12}):`)
	azRE  = regexp.MustCompile(`^([a-z0-9-]+-\d+)[a-z]$`)
	svcRE = regexp.MustCompile(`^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.`)
)

// Stand-ins for the parts of an ARN built without a region or account:
// an ARN with one matches no policy and names no resource, so every
// decision that needs it is unknown (world/unresolved.go).
var (
	noAccount = world.Unresolved("the account id (no --account, and the plan names none)")
	noRegion  = world.Unresolved("the region (no --region, and the plan pins none)")
)

// placeWorld decides region, account and partition: options first, then
// what the plan says, in order of authority (see doc.go). RegionFrom and
// AccountFrom say where each came from, or what is missing.
func (r *reader) placeWorld() {
	w := r.w
	w.Region, w.RegionFrom = r.opt.region, "--region"
	w.AccountID, w.AccountFrom = r.opt.account, "--account"
	if w.Region == "" {
		w.Region, w.RegionFrom = r.planRegion()
	}
	if w.AccountID == "" {
		w.AccountID, w.AccountFrom = r.planAccount()
	}
	for _, in := range r.insts {
		if in.data && in.typ == "aws_partition" {
			if p := in.str("partition"); p != "" {
				w.Partition = p
			}
		}
	}
	if w.Partition == "" && w.Region != "" {
		w.Partition = world.PartitionOf(w.Region)
	}
	if w.Partition == "" {
		// IAM-UG "IAM identifiers": the second field of an ARN is the
		// partition; the ARNs of the plan decide when they agree.
		seen := map[string]bool{}
		for _, in := range r.insts {
			for _, a := range r.arnsOf(in) {
				seen[a.partition] = true
			}
		}
		if len(seen) == 1 {
			for p := range seen {
				w.Partition = p
			}
		}
	}
}

// planRegion reads the region from the plan: the default aws provider
// configuration's region (a constant or a root variable), else
// data.aws_region, else the one region that availability zones, ARNs and
// endpoint service names of the plan agree on. Several regions, or none,
// leave it empty, with from saying why.
func (r *reader) planRegion() (region, from string) {
	if pc := r.providerConfig(); pc != nil {
		if e := pc.Expressions["region"]; e != nil && e.ExpressionData != nil {
			res := r.resolveExpr(r.scopes[""], "", nil, e, 0)
			if len(res.values) == 1 && world.IsRegion(res.values[0]) {
				return res.values[0], "the region of the aws provider in the plan's configuration"
			}
		}
	}
	for _, in := range r.insts {
		if in.data && in.typ == "aws_region" {
			// AWS provider v6 renamed data.aws_region "name" to "region".
			if reg := cmp.Or(in.str("region"), in.str("name")); world.IsRegion(reg) {
				return reg, in.addr
			}
		}
	}
	seen := map[string][]string{} // region: where the plan names it
	note := func(reg, where string) {
		if world.IsRegion(reg) {
			seen[reg] = append(seen[reg], where)
		}
	}
	for _, in := range r.insts {
		if m := azRE.FindStringSubmatch(in.str("availability_zone")); m != nil {
			note(m[1], "availability_zone of "+in.addr+" ("+m[0]+")")
		}
		if m := svcRE.FindStringSubmatch(in.str("service_name")); m != nil {
			note(m[1], "service_name of "+in.addr)
		}
		for _, a := range r.arnsOf(in) {
			note(a.region, a.where)
		}
	}
	switch regions := slices.Sorted(maps.Keys(seen)); len(regions) {
	case 0:
		return "", "no --region, and the plan pins no region (no provider region, data.aws_region, availability zone, ARN or endpoint service name)"
	case 1:
		return regions[0], "pinned by the plan: " + seen[regions[0]][0]
	default:
		var parts []string
		for _, reg := range regions {
			parts = append(parts, reg+" ("+seen[reg][0]+")")
		}
		return "", "no --region, and the plan names several regions: " + strings.Join(parts, ", ")
	}
}

// planAccount reads the account from the plan: data.aws_caller_identity,
// else a single allowed_account_ids of the default aws provider, else the
// one account that the ARNs of the plan agree on.
func (r *reader) planAccount() (account, from string) {
	for _, in := range r.insts {
		if in.data && in.typ == "aws_caller_identity" {
			if a := in.str("account_id"); accountRE.MatchString(a) {
				return a, in.addr
			}
		}
	}
	if pc := r.providerConfig(); pc != nil {
		if e := pc.Expressions["allowed_account_ids"]; e != nil && e.ExpressionData != nil {
			res := r.resolveExpr(r.scopes[""], "", nil, e, 0)
			if len(res.values) == 1 && accountRE.MatchString(res.values[0]) {
				return res.values[0], "allowed_account_ids of the aws provider in the plan's configuration"
			}
		}
	}
	seen := map[string][]string{}
	for _, in := range r.insts {
		for _, a := range r.arnsOf(in) {
			if a.account != "" {
				seen[a.account] = append(seen[a.account], a.where)
			}
		}
	}
	switch accounts := slices.Sorted(maps.Keys(seen)); len(accounts) {
	case 0:
		return "", "no --account, and the plan names none (no data.aws_caller_identity, allowed_account_ids or ARN with an account id)"
	case 1:
		return accounts[0], "the ARNs of the plan: " + seen[accounts[0]][0]
	default:
		var parts []string
		for _, a := range accounts {
			parts = append(parts, a+" ("+seen[a][0]+")")
		}
		return "", "no --account, and the ARNs of the plan name several accounts: " + strings.Join(parts, ", ")
	}
}

// planARN is an ARN a plan states, with its region and account parts.
type planARN struct {
	partition, region, account, where string
}

// arnsOf returns the ARNs an instance states in its top-level attributes
// (arn, execution_role_arn, cluster, policy_arn, lists of ARNs). Policy
// documents and container definitions are JSON text and not read here:
// they name other accounts' resources as often as their own.
func (r *reader) arnsOf(in *inst) []planARN {
	var out []planARN
	for _, k := range slices.Sorted(maps.Keys(in.vals)) {
		for _, v := range strings1(in.vals[k]) {
			if m := arnRE.FindStringSubmatch(v); m != nil {
				out = append(out, planARN{partition: m[1], region: m[2], account: m[3], where: k + " of " + in.addr + " (" + v + ")"})
			}
		}
	}
	return out
}

// providerConfig returns the default (unaliased) aws provider
// configuration of the root module.
func (r *reader) providerConfig() *tfjson.ProviderConfig {
	if r.p.Config == nil {
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(r.p.Config.ProviderConfigs)) {
		pc := r.p.Config.ProviderConfigs[k]
		if pc != nil && pc.Name == "aws" && pc.Alias == "" && pc.ModuleAddress == "" {
			return pc
		}
	}
	return nil
}
