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
	p, reg, acct := r.partition(), r.w.Region, r.w.AccountID
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
			if acct == "" || reg == "" {
				return "", false
			}
			// ECR-UG "Private registry concepts": ACCOUNT.dkr.ecr.REGION.amazonaws.com.
			return acct + ".dkr.ecr." + reg + "." + world.DNSSuffix(p) + "/" + name, true
		case "registry_id":
			return acct, acct != ""
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
	arnRE = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(\d{12}):`)
	azRE  = regexp.MustCompile(`^([a-z0-9-]+-\d+)[a-z]$`)
	svcRE = regexp.MustCompile(`^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.`)
)

// placeWorld decides region, account and partition: options first, then
// what the plan says, in order of authority (see doc.go).
func (r *reader) placeWorld() {
	region, account := r.opt.region, r.opt.account
	for _, in := range r.insts {
		if !in.data {
			continue
		}
		switch in.typ {
		case "aws_region":
			if region == "" {
				// AWS provider v6 renamed data.aws_region "name" to "region".
				region = cmp.Or(in.str("region"), in.str("name"))
			}
		case "aws_caller_identity":
			if account == "" {
				account = in.str("account_id")
			}
		case "aws_partition":
			if p := in.str("partition"); p != "" {
				r.w.Partition = p
			}
		}
	}
	if pc := r.providerConfig(); pc != nil {
		if region == "" {
			if e := pc.Expressions["region"]; e != nil && e.ExpressionData != nil {
				res := r.resolveExpr(r.scopes[""], "", nil, e, 0)
				if len(res.values) == 1 && world.IsRegion(res.values[0]) {
					region = res.values[0]
				}
			}
		}
		if account == "" {
			if e := pc.Expressions["allowed_account_ids"]; e != nil && e.ExpressionData != nil {
				res := r.resolveExpr(r.scopes[""], "", nil, e, 0)
				if len(res.values) == 1 && accountRE.MatchString(res.values[0]) {
					account = res.values[0]
				}
			}
		}
	}
	if region == "" || account == "" {
		regions, accounts := map[string]int{}, map[string]int{}
		for _, in := range r.insts {
			if in.data && in.typ != "aws_vpc_endpoint" {
				continue
			}
			if m := arnRE.FindStringSubmatch(in.str("arn")); m != nil {
				if world.IsRegion(m[1]) {
					regions[m[1]]++
				}
				accounts[m[2]]++
			}
			if m := azRE.FindStringSubmatch(in.str("availability_zone")); m != nil && world.IsRegion(m[1]) {
				regions[m[1]]++
			}
			if m := svcRE.FindStringSubmatch(in.str("service_name")); m != nil && world.IsRegion(m[1]) {
				regions[m[1]]++
			}
		}
		if region == "" {
			region = most(regions)
		}
		if account == "" {
			account = most(accounts)
		}
	}
	r.w.Region, r.w.AccountID = region, account
	if r.w.Partition == "" && region != "" {
		r.w.Partition = world.PartitionOf(region)
	}
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

// most returns the key counted most often; ties go to the smaller key, so
// the answer does not depend on map order.
func most(m map[string]int) string {
	best, n := "", 0
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] > n {
			best, n = k, m[k]
		}
	}
	return best
}
