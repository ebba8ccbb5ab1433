package cloudformation

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// A template is written for the region and account it is deployed to, and
// CloudFormation takes both from the deploy call, not from the template
// (CFN User Guide "Pseudo parameters reference": AWS::Region is "the
// Region in which the encompassing resource is being created",
// AWS::AccountId "the AWS account ID of the account in which the stack is
// being created"). Without WithRegion or WithAccount the reader does not
// guess them: it takes what the template itself pins, and when the template
// pins none, or several that disagree, the pseudo parameter is a
// world.Unresolved stand-in and every fact built from it is unknown.
//
// A template pins a region with a literal region name (the awslogs-region
// option, Fn::GetAZs us-west-2), an Availability Zone name (us-west-2a: a
// zone's name is its region's name and a letter, EC2-UG "Regions and
// Zones"), an ARN with a region (AWS General Reference "Amazon Resource
// Names": arn:partition:service:region:account-id:resource) or a VPC
// endpoint service name (com.amazonaws.REGION.service, VPC-UG "AWS
// services that integrate with AWS PrivateLink"). CDK apps synthesised for a
// concrete env write exactly these as literals. It pins an account with the
// account-id part of an ARN, and a partition with the partition part.

// pin is one place where the template writes a region, account or
// partition literally.
type pin struct {
	value string
	what  string // "AZ name in PrivateSubnetA"
	line  int
}

// pins collects what the template writes literally.
type pins struct {
	file                          string
	regions, accounts, partitions []pin
}

var (
	// arnRE finds the partition, service, region and account parts of an
	// ARN inside a longer string (a Fn::Sub or Fn::Join part). Parts
	// written as ${AWS::Region} do not match a region name and are left
	// out by the checks below.
	arnRE         = regexp.MustCompile(`arn:([^:\s"',]*):([^:\s"',]*):([^:\s"',]*):([^:\s"',]*):`)
	serviceNameRE = regexp.MustCompile(`(?:^|[^a-z0-9.-])com\.amazonaws\.([a-z0-9-]+)\.[a-z0-9]`)
)

// scan records the literals of one scalar at path (a logical id and
// property path, for the message).
func (p *pins) scan(s, path string, line int) {
	where := func(kind string) string { return kind + " in " + path }
	switch {
	case world.IsRegion(s):
		p.regions = append(p.regions, pin{s, where("region name"), line})
		return
	case len(s) > 1 && s[len(s)-1] >= 'a' && s[len(s)-1] <= 'z' && world.IsRegion(s[:len(s)-1]):
		p.regions = append(p.regions, pin{s[:len(s)-1], where("Availability Zone " + s), line})
		return
	}
	for _, ix := range arnRE.FindAllStringSubmatchIndex(s, -1) {
		part, service, region, account := s[ix[2]:ix[3]], s[ix[4]:ix[5]], s[ix[6]:ix[7]], s[ix[8]:ix[9]]
		switch service {
		case "serverlessrepo":
			// [assumption] A Serverless Application Repository
			// application is shared across accounts and deployed from
			// other regions (AWS SAM AWS::Serverless::Application
			// Location.ApplicationId): its ARN pins neither.
			region, account = "", ""
		case "lambda":
			if strings.HasPrefix(s[ix[1]:], "layer:") {
				// A layer is regional, but public layers live in
				// their publisher's account (Lambda DG "Using layers
				// with your Lambda function").
				account = ""
			}
		}
		if world.IsPartition(part) {
			p.partitions = append(p.partitions, pin{part, where("ARN"), line})
		}
		if world.IsRegion(region) {
			p.regions = append(p.regions, pin{region, where("ARN"), line})
		}
		if accountRE.MatchString(account) {
			p.accounts = append(p.accounts, pin{account, where("ARN"), line})
		}
	}
	for _, m := range serviceNameRE.FindAllStringSubmatch(s, -1) {
		if world.IsRegion(m[1]) {
			p.regions = append(p.regions, pin{m[1], where("endpoint service name"), line})
		}
	}
}

// walk scans every scalar value under n; mapping keys are names, not
// values (a Mappings-style key us-east-1 does not pin).
func (p *pins) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.ScalarNode:
		p.scan(n.Value, path, n.Line)
	case yaml.SequenceNode:
		if n.Tag == "!Join" {
			p.join(n, path)
		}
		for _, c := range n.Content {
			p.walk(c, path)
		}
	case yaml.MappingNode:
		if len(n.Content) == 2 && n.Content[0].Value == "Fn::Join" {
			p.join(n.Content[1], path)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if k == "Principal" || k == "NotPrincipal" {
				// A policy's principal names who may act, often in
				// another account (IAM-UG "AWS JSON policy elements:
				// Principal"): it says nothing of where the stack is.
				continue
			}
			if strings.HasPrefix(k, "Fn::") || k == "Ref" {
				// A function's arguments belong to the property that
				// holds it.
				p.walk(n.Content[i+1], path)
				continue
			}
			p.walk(n.Content[i+1], path+"."+k)
		}
	}
}

// join scans the text of a Fn::Join whose literal parts spell an ARN
// around a function ("arn:", Ref AWS::Partition, ":logs:us-west-2:...", as
// CDK writes them); a part that is not a literal stands as "{}".
func (p *pins) join(args *yaml.Node, path string) {
	if args.Kind != yaml.SequenceNode || len(args.Content) != 2 || args.Content[1].Kind != yaml.SequenceNode {
		return
	}
	var b strings.Builder
	line := 0
	for i, part := range args.Content[1].Content {
		if i > 0 {
			b.WriteString(args.Content[0].Value)
		}
		// A literal is a scalar with no tag or a YAML core tag (!!str,
		// !!int for an unquoted account id); !Ref and friends are
		// functions.
		if part.Kind == yaml.ScalarNode && (!strings.HasPrefix(part.Tag, "!") || strings.HasPrefix(part.Tag, "!!")) {
			b.WriteString(part.Value)
		} else {
			b.WriteString("{}")
		}
		if line == 0 {
			line = part.Line
		}
	}
	s := b.String()
	// Only ARNs that the parts build together; the parts themselves are
	// scanned one by one by walk.
	for _, m := range arnRE.FindAllStringSubmatch(s, -1) {
		if strings.Contains(m[0], "{}") {
			p.scan(m[0], path, line)
		}
	}
}

// collectPins scans the resources and the parameter values the template
// is evaluated with.
func (l *loader) collectPins() *pins {
	p := &pins{file: l.file}
	for _, name := range slices.Sorted(maps.Keys(l.params)) {
		pr := l.params[name]
		if v, ok := l.o.params[name]; ok {
			for _, e := range strings.Split(v, ",") {
				p.scan(strings.TrimSpace(e), "--parameter "+name, 0)
			}
			continue
		}
		if def := lookup(pr.node, "Default"); def != nil {
			if def.Kind == yaml.ScalarNode {
				for _, e := range strings.Split(def.Value, ",") {
					p.scan(strings.TrimSpace(e), "the Default of parameter "+name, def.Line)
				}
			} else {
				p.walk(def, "the Default of parameter "+name)
			}
		}
	}
	for _, id := range l.order {
		r := l.res[id]
		if r.props != nil {
			p.walk(r.props, id)
		}
	}
	return p
}

// at formats a pin's place as file:line.
func (p *pins) at(x pin) string {
	if x.line == 0 {
		return x.what
	}
	return x.what + " (" + p.file + ":" + strconv.Itoa(x.line) + ")"
}

// place is a pin's file:line, or what it is when it has no line (a
// --parameter value).
func (p *pins) place(x pin) string {
	if x.line == 0 {
		return x.what
	}
	return p.file + ":" + strconv.Itoa(x.line)
}

// agree returns the one value all pins share, with the first pin; several
// lists the distinct values with their first places.
func (p *pins) agree(ps []pin) (one pin, several []string) {
	seen := map[string]bool{}
	for _, x := range ps {
		if seen[x.value] {
			continue
		}
		seen[x.value] = true
		several = append(several, x.value+" ("+p.place(x)+")")
	}
	if len(seen) == 1 {
		return ps[0], nil
	}
	return pin{}, several
}

// settle decides AWS::Region, AWS::AccountId and AWS::Partition: the
// options first, else what the template pins, else a stand-in. It fills
// the loader's values and the world's Region/RegionFrom and
// AccountID/AccountFrom.
func (l *loader) settle() {
	var p *pins
	get := func() *pins {
		if p == nil {
			p = l.collectPins()
		}
		return p
	}
	l.regionKnown, l.accountKnown = true, true
	switch {
	case l.o.region != "":
		l.region, l.regionFrom = l.o.region, "--region"
	default:
		l.region, l.regionFrom, l.regionKnown = l.decide(get(), get().regions, "AWS::Region", "--region")
	}
	switch {
	case l.o.account != "":
		l.account, l.accountFrom = l.o.account, "--account"
	default:
		l.account, l.accountFrom, l.accountKnown = l.decide(get(), get().accounts, "AWS::AccountId", "--account")
	}
	switch {
	case l.o.partition != "":
		l.partition = l.o.partition
	case l.regionKnown:
		// AWS General Reference "Amazon Resource Names": the partition
		// follows from the region.
		l.partition = world.PartitionOf(l.region)
	default:
		var known bool
		l.partition, _, known = l.decide(get(), get().partitions, "AWS::Partition", "--region")
		l.partitionKnown = known
		return
	}
	l.partitionKnown = true
}

// decide turns the pins of one pseudo parameter into its value and the
// sentence saying where it comes from; known is false when the value is a
// stand-in.
func (l *loader) decide(p *pins, ps []pin, pseudo, flag string) (value, from string, known bool) {
	if len(ps) == 0 {
		why := "no " + flag + ", and the template pins none"
		return world.Unresolved(pseudo + " (" + why + ")"), why, false
	}
	one, several := p.agree(ps)
	if several == nil {
		from := "pinned by the template: " + one.value + ", from the " + p.at(one)
		if n := len(ps) - 1; n > 0 {
			from += fmt.Sprintf(" and %d more place%s", n, map[bool]string{true: "", false: "s"}[n == 1])
		}
		return one.value, from, true
	}
	why := "no " + flag + ", and the template pins several: " + strings.Join(several, ", ")
	return world.Unresolved(pseudo + " (" + why + ")"), why, false
}
