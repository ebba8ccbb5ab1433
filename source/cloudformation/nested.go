package cloudformation

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Bounds of nesting. CloudFormation itself bounds a nested stack chain by
// its stack and resource quotas (CFN-UG "Understand CloudFormation
// quotas"), which give no number for the depth; these are
// [assumption] bounds of the reader's work, far above what real
// applications nest (aws-samples/ecs-refarch-cloudformation nests one
// level).
const (
	maxNesting   = 16   // templates in one chain, the outermost included
	maxTemplates = 1000 // templates of one application, nested ones included
	maxAppBytes  = 4 * MaxSize
)

// isNested reports whether a resource type is a stack in a stack: a
// nested stack, or a SAM nested application, which SAM deploys as one
// (AWS SAM "AWS::Serverless::Application": "Nested applications are
// deployed as nested AWS::CloudFormation::Stack resources").
func isNested(typ string) bool {
	return typ == "AWS::CloudFormation::Stack" || typ == "AWS::Serverless::Application"
}

// child is a nested stack as its parent sees it.
type child struct {
	outs map[string]val
	w    *world.World
	// missing says why the child's template is not read ("" when it is).
	missing string
	// sar is set for an application of the Serverless Application
	// Repository (Location given as ApplicationId and SemanticVersion):
	// its template is not a file.
	sar bool
}

// templateMap maps remote template URLs to a local folder.
type templateMap struct{ prefix, dir string }

// WithTemplateMap reads a nested stack whose TemplateURL (or SAM Location)
// starts with prefix, an https:// or s3:// URL, from dir: the rest of the
// URL is the path under dir. A remote URL no map covers is not read, and
// the nested stack's outputs are unknown, naming the URL.
func WithTemplateMap(prefix, dir string) Option {
	return func(o *options) error {
		lower := strings.ToLower(prefix)
		if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "s3://") {
			return source.Errorf("template map prefix %q is not an https:// or s3:// URL", source.Cut(prefix))
		}
		if dir == "" {
			return source.Errorf("template map %q: the folder is empty", source.Cut(prefix))
		}
		o.templateMaps = append(o.templateMaps, templateMap{prefix, dir})
		return nil
	}
}

// readNested reads every nested stack the template creates and merges
// their worlds under the template's own.
func (l *loader) readNested() error {
	var ws *world.World
	for _, id := range l.order {
		r := l.res[id]
		if !isNested(r.typ) {
			continue
		}
		if r.cond != "" {
			c, err := l.condition(r.cond, r.key, id+".Condition")
			if err != nil {
				return err
			}
			if c.t == tFalse {
				continue
			}
		}
		c, err := l.nested(r)
		if err != nil {
			return err
		}
		if c.missing != "" {
			l.unreadStack(r, c.missing)
		}
		if c.w != nil {
			ws = world.Merge(ws, c.w)
		}
	}
	if ws != nil {
		l.w = world.Merge(ws, l.w)
	}
	return nil
}

// unreadStack stands in for the task definitions a nested stack whose
// template is not read may define: one task definition that is not in the
// input, unknown with the reason, so that the check of the application is
// unknown rather than a pass over the stacks it could read.
func (l *loader) unreadStack(r *resource, missing string) {
	name := "nested stack " + nestedStackName(l.stack, r.id)
	l.w.TaskDefinitions.Put(name, &world.TaskDefinition{TaskDefinitionArn: name, Family: name, Revision: 1, Origin: l.origin(r),
		Unknown: map[string]string{"taskDefinition": r.id + " (" + r.typ + ") in " + l.file + ": " + missing + "; the task definitions and services it defines are not checked"}})
}

// nestedOutput is Fn::GetAtt Child.Outputs.NAME: the value of the child
// template's output (CFN-UG "AWS::CloudFormation::Stack", Return values:
// "Outputs.NestedStackOutputName").
func (l *loader) nestedOutput(r *resource, out string) (string, bool, error) {
	c, err := l.nested(r)
	if err != nil {
		return "", false, err
	}
	switch {
	case c.sar:
		return "", false, nil
	case c.missing != "":
		return world.Unresolved(fmt.Sprintf("Fn::GetAtt %s.Outputs.%s: %s", r.id, out, c.missing)), true, nil
	}
	v, ok := c.outs[out]
	if !ok {
		// CloudFormation fails the parent: the attribute does not exist.
		return "", false, l.errAt(r.key, r.id, "nested stack %s: its template has no output %q", r.id, source.Cut(out))
	}
	return outputString(v), true, nil
}

// outputString is an output's value as a string, what DescribeStacks
// returns. [assumption] A list (CloudFormation wants a string) reads as
// its elements joined by commas, as a CommaDelimitedList parameter takes it.
func outputString(v val) string {
	switch v.k {
	case vStr:
		return v.s
	case vList:
		parts := make([]string, 0, len(v.l))
		for _, e := range v.l {
			parts = append(parts, outputString(e))
		}
		return strings.Join(parts, ",")
	}
	return v.json()
}

// nested reads a nested stack once.
func (l *loader) nested(r *resource) (*child, error) {
	if c, ok := l.children[r.id]; ok {
		return c, nil
	}
	c, err := l.nested1(r)
	if err != nil {
		return nil, err
	}
	if l.children == nil {
		l.children = map[string]*child{}
	}
	l.children[r.id] = c
	return c, nil
}

func (l *loader) nested1(r *resource) (*child, error) {
	pv, err := l.props(r)
	if err != nil {
		return nil, err
	}
	key := "TemplateURL"
	if r.typ == "AWS::Serverless::Application" {
		key = "Location"
	}
	path := r.id + "." + key
	loc, ok := pv.get(key)
	if !ok {
		return nil, l.errAt(r.node, r.id, "%s has no %s", r.typ, key)
	}
	switch {
	case loc.k == vMap && key == "Location":
		return &child{sar: true}, nil
	case loc.k != vStr:
		return nil, l.errVal(loc, path, "want string, got %s", loc.typeName())
	case loc.unres():
		return &child{missing: fmt.Sprintf("the %s of nested stack %s depends on %s", key, r.id, loc.why())}, nil
	}
	file, missing := l.templatePath(loc.s)
	if missing != "" {
		return &child{missing: missing}, nil
	}
	chain := l.o.chain
	if len(chain) == 0 {
		chain = []string{l.file}
	}
	abs := absPath(file)
	for i, f := range chain {
		if absPath(f) == abs {
			return nil, l.errVal(loc, path, "nested stack %s: the template nests itself: %s", r.id, strings.Join(append(slices.Clone(chain[i:]), file), " → "))
		}
	}
	if len(chain) >= maxNesting {
		return nil, l.errVal(loc, path, "nested stack %s: more than %d templates nest one another: %s …", r.id, maxNesting, strings.Join(chain[:3], " → "))
	}
	a := l.o.app
	if a.templates >= maxTemplates {
		return nil, l.errVal(loc, path, "nested stack %s: the application has more than %d templates", r.id, maxTemplates)
	}
	params := map[string]string{}
	if pp, ok := pv.get("Parameters"); ok {
		if pp.k != vMap {
			return nil, l.errVal(pp, r.id+".Parameters", "want object, got %s", pp.typeName())
		}
		for _, e := range pp.m {
			params[e.k] = outputString(e.v)
		}
	}
	data, err := l.o.read(file)
	if err != nil {
		return nil, l.errVal(loc, path, "nested stack %s: %v", r.id, err)
	}
	if a.bytes += len(data); a.bytes > maxAppBytes {
		return nil, l.errVal(loc, path, "nested stack %s: the application's templates are larger than %d MiB together", r.id, maxAppBytes>>20)
	}
	co := options{params: params, stackName: nestedStackName(l.stack, r.id),
		templateMaps: l.o.templateMaps, app: a, chain: append(slices.Clone(chain), file), readFile: l.o.readFile,
		paramsFrom: fmt.Sprintf("the Parameters of nested stack %s in %s", r.id, l.file)}
	if l.regionKnown {
		co.region = l.region
	}
	if l.accountKnown {
		co.account = l.account
	}
	if l.partitionKnown {
		co.partition = l.partition
	}
	cl, err := read(file, data, co)
	if err != nil {
		return nil, err
	}
	// The exports and imports of a nested stack are the application's,
	// for LoadStacks to order the stacks by.
	l.exportNames = append(l.exportNames, cl.exportNames...)
	l.importNames = append(l.importNames, cl.importNames...)
	return &child{outs: cl.outs, w: cl.w}, nil
}

// templatePath is the file a nested stack's template location names. A
// local path is relative to the parent template's folder, as `aws
// cloudformation package` reads it (AWS CLI "package": "The relative path
// is a location that is relative to your template's location"; sam build
// and sam package do the same for AWS::Serverless::Application Location).
// A remote URL is read from the folder of the longest WithTemplateMap
// prefix it starts with; otherwise missing says it is not read.
func (l *loader) templatePath(u string) (file, missing string) {
	lower := strings.ToLower(u)
	if strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "s3://") {
		best := -1
		for i, m := range l.o.templateMaps {
			if strings.HasPrefix(u, m.prefix) && (best < 0 || len(m.prefix) > len(l.o.templateMaps[best].prefix)) {
				best = i
			}
		}
		if best < 0 {
			return "", fmt.Sprintf("the nested stack template %s is remote and not read (map its prefix to a folder with --template-map PREFIX=DIR)", u)
		}
		m := l.o.templateMaps[best]
		rest := strings.TrimLeft(strings.TrimPrefix(u, m.prefix), "/")
		if i := strings.IndexAny(rest, "?#"); i >= 0 {
			rest = rest[:i]
		}
		local, err := filepath.Localize(rest)
		if err != nil || rest == "" || local == "." {
			return "", fmt.Sprintf("the nested stack template %s maps to no file under %s", source.Cut(u), m.dir)
		}
		return filepath.Join(m.dir, local), ""
	}
	p := filepath.FromSlash(strings.TrimPrefix(u, "file://"))
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(l.file), p)
	}
	return p, ""
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// nestedStackName is AWS::StackName of a nested stack. CloudFormation
// names it after the parent and the logical id with a random suffix
// (CFN-UG "Nested stacks": "parent-LogicalId-RANDOM"); the reader drops the
// suffix, as it does for every generated name [assumption: the suffix is
// random, so no fact can depend on it].
func nestedStackName(parent, id string) string {
	s := parent + "-" + id
	if len(s) > 128 {
		s = s[:128]
	}
	return strings.TrimRight(s, "-")
}
