package cloudformation

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Stack is one template of an application, as it is deployed: a stack name
// and its own parameter values and environment.
type Stack struct {
	// File is the template path, as the user named it.
	File string
	// Name is AWS::StackName; "" means the file's base name without
	// extension.
	Name string
	// Parameters are this stack's values (a parameter file, CDK asset
	// parameters). Values given to LoadStacks with WithParameters override
	// them.
	Parameters map[string]string
	// Region and Account are the stack's environment when it is pinned
	// (a CDK stack synthesised for a concrete env); "" leaves it to the
	// options and the template.
	Region, Account string
}

// Stacks is an application of several templates as a source.Source.
type Stacks struct {
	Stacks  []Stack
	Options []Option
}

var _ source.Source = (*Stacks)(nil)

// Load reads the stacks with LoadStacks.
func (s *Stacks) Load(ctx context.Context) (*world.World, error) {
	return LoadStacks(ctx, s.Stacks, s.Options...)
}

// stackNameRE is what CloudFormation accepts as a stack name (CFN API
// Reference "CreateStack": "A stack name can contain only alphanumeric
// characters (case-sensitive) and hyphens. It must start with an alphabetic
// character and can't be longer than 128 characters").
var stackNameRE = regexp.MustCompile(`^[A-Za-z][-A-Za-z0-9]{0,127}$`)

// WithStackName sets AWS::StackName for a single template, as `aws
// cloudformation deploy --stack-name` names the stack; without it the
// stack name is the file's base name without extension. LoadStacks names
// each stack by its Stack.Name instead.
func WithStackName(name string) Option {
	return func(o *options) error {
		o.stackName = name
		return nil
	}
}

// checkStackName refuses a name CloudFormation would refuse.
func checkStackName(name string) error {
	if !stackNameRE.MatchString(name) {
		return source.Errorf("stack name %q is not a CloudFormation stack name: letters, digits and hyphens, starting with a letter, at most 128 characters", source.Cut(name))
	}
	return nil
}

// app is what the templates of one application share: the exports of the
// stacks read so far, and whether synthetic ids carry the stack name.
type app struct {
	// multi is set once the application has more than one template
	// (several stacks, or a nested stack): synthetic ids then carry the
	// stack name, so that two stacks with the same logical id do not
	// collide.
	multi bool
	// discover is set while LoadStacks looks for the exports and imports
	// of each stack: imports and nested stacks are not read.
	discover bool
	exports  map[string]export
	// templates and bytes count the templates read, nested ones
	// included, and their size.
	templates, bytes int
}

// export is an Outputs entry with an Export.Name, as CloudFormation keeps
// it for Fn::ImportValue.
type export struct {
	stack, file string
	line        int
	v           val
}

// stackOut is what reading a template yields besides its world: its
// outputs and exports, and the stacks it nests (nested.go).
type stackOut struct {
	outs map[string]val
	// exportNames and importNames are the export keys (exportKey) the
	// template defines and those it imports, known ones only, for
	// LoadStacks.
	exportNames, importNames []string
	children                 map[string]*child
}

// joinApp makes the loader part of an application: a lone template is an
// application of one, which becomes several when it nests a stack.
func (l *loader) joinApp() {
	if l.o.app == nil {
		l.o.app = &app{}
	}
	l.o.app.templates++
	for _, id := range l.order {
		if isNested(l.res[id].typ) {
			l.o.app.multi = true
		}
	}
}

// lid is the logical id synthetic ids are built from: the logical id, and
// in an application of several templates the stack name and the logical
// id, so that vpc-Vpc of two stacks are vpc-network-Vpc and vpc-app-Vpc.
func (l *loader) lid(r *resource) string {
	if l.o.app != nil && l.o.app.multi {
		return l.stack + "-" + r.id
	}
	return r.id
}

// imported returns the value another stack exports under name (CFN-UG
// "Fn::ImportValue"); ok is false when no stack read so far exports it.
func (l *loader) imported(name string, line, col int) (val, bool) {
	if l.o.app == nil {
		return val{}, false
	}
	if l.o.app.discover {
		l.importNames = append(l.importNames, l.exportKey(name))
		return val{}, false
	}
	e, ok := l.o.app.exports[l.exportKey(name)]
	if !ok {
		return val{}, false
	}
	v := e.v
	v.line, v.col = line, col
	return v, true
}

// finish reads what follows the world: the stacks the template nests,
// merged into its world, then its Outputs and exports.
func (l *loader) finish() error {
	if l.o.app == nil {
		l.o.app = &app{}
	}
	if err := l.readNested(); err != nil {
		return err
	}
	if err := l.readOutputs(); err != nil {
		return err
	}
	if l.o.app.discover {
		l.collectImports()
	}
	return nil
}

// readOutputs evaluates the Outputs section (CFN-UG "Outputs"): each
// output's Value, unless its Condition is false, and its Export.Name,
// which is registered for the stacks read after this one. Export names
// are unique in a region (CFN-UG "Fn::ImportValue": "For each AWS
// account, Export names must be unique within a Region"), so a second
// stack exporting the same name is an error, as CloudFormation refuses to
// create it. An export name the template cannot know (it depends on a
// parameter without a value) exports nothing the others can find.
func (l *loader) readOutputs() error {
	l.outs = map[string]val{}
	if l.outputs == nil || l.outputs.Tag == "!!null" {
		return nil
	}
	if l.outputs.Kind != yaml.MappingNode {
		return l.errAt(l.outputs, "Outputs", "want object, got %s", kindName(l.outputs))
	}
	for _, p := range pairs(l.outputs) {
		name, def := p[0].Value, p[1]
		path := "Outputs." + name
		if def.Kind != yaml.MappingNode {
			return l.errAt(def, path, "an output is an object with a Value, got %s", kindName(def))
		}
		if c := lookup(def, "Condition"); c != nil {
			if c.Kind != yaml.ScalarNode {
				return l.errAt(c, path+".Condition", "want a condition name, got %s", kindName(c))
			}
			if _, ok := l.conds[c.Value]; !ok {
				return l.errAt(c, path+".Condition", "condition %q is not defined in Conditions", c.Value)
			}
			cr, err := l.condition(c.Value, c, path+".Condition")
			if err != nil {
				return err
			}
			if cr.t == tFalse {
				continue
			}
		}
		vn := lookup(def, "Value")
		if vn == nil {
			// CFN-UG "Outputs": Value is required.
			return l.errAt(def, path, "output has no Value")
		}
		v, err := l.eval(vn, path+".Value")
		if err != nil {
			return err
		}
		l.outs[name] = v
		ex := lookup(def, "Export")
		if ex == nil {
			continue
		}
		en := lookup(ex, "Name")
		if en == nil {
			return l.errAt(ex, path+".Export", "Export has no Name")
		}
		n, err := l.evalString(en, path+".Export.Name", "Export.Name")
		if err != nil {
			return err
		}
		if n.unres() {
			continue
		}
		if err := l.export(n.s, v, en.Line, en, path); err != nil {
			return err
		}
	}
	return nil
}

// export registers an export of this stack.
func (l *loader) export(name string, v val, line int, at *yaml.Node, path string) error {
	a := l.o.app
	if a.discover {
		if slices.Contains(l.exportNames, l.exportKey(name)) {
			return l.errAt(at, path+".Export.Name", "export name %q is exported twice by the template; export names are unique in a region", source.Cut(name))
		}
		l.exportNames = append(l.exportNames, l.exportKey(name))
		return nil
	}
	if prev, ok := a.exports[l.exportKey(name)]; ok {
		return l.errAt(at, path+".Export.Name", "export name %q is also exported by stack %s (%s:%d); export names are unique in a region, CloudFormation refuses the second", source.Cut(name), prev.stack, prev.file, prev.line)
	}
	if a.exports == nil {
		a.exports = map[string]export{}
	}
	a.exports[l.exportKey(name)] = export{stack: l.stack, file: l.file, line: line, v: v}
	return nil
}

// exportKey is the key an export name is found by: the name in the
// stack's region. Exports are unique per region and an import finds only
// the exports of its own region (CFN-UG "Fn::ImportValue": "You can't
// create cross-stack references across Regions"); stacks whose region is
// unknown share the key of the unknown region.
func (l *loader) exportKey(name string) string {
	if l.regionKnown {
		return l.region + "\x00" + name
	}
	return "\x00" + name
}

// exportName is the export name of an exportKey.
func exportName(key string) string {
	_, name, _ := strings.Cut(key, "\x00")
	return name
}

// LoadStacks reads several templates as one application and returns the
// world they make together. Each stack's Fn::ImportValue finds the value
// another stack exports (CFN-UG "Fn::ImportValue"), so the stacks are read
// in the order of their imports, exporters first, whatever order they are
// given in; stacks that import from each other in a cycle cannot be
// deployed and are an error naming them. An import no stack exports stays
// unknown, naming the export. Two stacks with the same name, or exporting
// the same name in one region, are an error: both are unique in a region
// (the reader takes stack names as unique in the application
// [assumption]). Synthetic ids
// carry the stack name when there are several templates (see the package
// documentation).
func LoadStacks(ctx context.Context, stacks []Stack, opts ...Option) (*world.World, error) {
	if len(stacks) == 0 {
		return nil, errors.New("no stack to load")
	}
	names := make([]string, len(stacks))
	seen := map[string]int{}
	for i, st := range stacks {
		names[i] = cmp.Or(st.Name, st.Parameters["AWS::StackName"], stackName(st.File))
		if err := checkStackName(names[i]); err != nil {
			return nil, &source.InputError{Kind: "template", File: st.File, Err: err}
		}
		if j, dup := seen[names[i]]; dup {
			return nil, &source.InputError{Kind: "template", File: st.File,
				Err: fmt.Errorf("stack name %q is also the name of %s; stack names are unique in a region", names[i], stacks[j].File)}
		}
		seen[names[i]] = i
	}
	optsOf := func(i int, a *app) (options, error) {
		st := stacks[i]
		var o options
		if len(st.Parameters) > 0 {
			if err := WithParameters(maps.Clone(st.Parameters))(&o); err != nil {
				return o, err
			}
		}
		if st.Region != "" {
			if err := WithRegion(st.Region)(&o); err != nil {
				return o, err
			}
		}
		if st.Account != "" {
			if err := WithAccount(st.Account)(&o); err != nil {
				return o, err
			}
		}
		for _, opt := range opts {
			if err := opt(&o); err != nil {
				return o, err
			}
		}
		o.stackName = names[i]
		o.app = a
		return o, nil
	}
	readStack := func(i int, a *app) (*loader, error) {
		o, err := optsOf(i, a)
		if err != nil {
			return nil, err
		}
		data, err := o.read(stacks[i].File)
		if err != nil {
			return nil, &source.InputError{Kind: "template", File: stacks[i].File, Err: err}
		}
		return read(stacks[i].File, data, o)
	}
	multi := len(stacks) > 1
	order := []int{0}
	if multi {
		// First pass: the export names each stack defines and the import
		// names it uses, with imports and nested stacks not read.
		exporter := map[string]int{}
		imports := make([][]string, len(stacks))
		for i := range stacks {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			l, err := readStack(i, &app{discover: true, multi: true})
			if err != nil {
				return nil, err
			}
			for _, n := range l.exportNames {
				if j, dup := exporter[n]; dup {
					return nil, &source.InputError{Kind: "template", File: stacks[i].File, Path: "Outputs",
						Err: fmt.Errorf("export name %q is also exported by stack %s (%s); export names are unique in a region, CloudFormation refuses the second", source.Cut(exportName(n)), names[j], stacks[j].File)}
				}
				exporter[n] = i
			}
			imports[i] = l.importNames
		}
		deps := make([][]int, len(stacks))
		for i, ns := range imports {
			for _, n := range ns {
				if j, ok := exporter[n]; ok && !slices.Contains(deps[i], j) {
					deps[i] = append(deps[i], j)
				}
			}
		}
		var err error
		if order, err = importOrder(deps, names); err != nil {
			return nil, &source.InputError{Kind: "template", File: stacks[order0(err)].File, Err: err}
		}
	}
	a := &app{multi: multi}
	var w *world.World
	var regions, accounts envSeen
	for _, i := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		l, err := readStack(i, a)
		if err != nil {
			return nil, err
		}
		w = world.Merge(w, l.w)
		regions.add(l.w.Region, stacks[i].File)
		accounts.add(l.w.AccountID, stacks[i].File)
	}
	// world.Merge keeps the last stack's region and account; stacks in
	// several leave the application's own unknown rather than take one of
	// them for all (each stack's facts keep the ARNs of its own).
	if m := regions.several("region"); m != "" {
		w.Region, w.RegionFrom = "", m
	}
	if m := accounts.several("account"); m != "" {
		w.AccountID, w.AccountFrom = "", m
	}
	return w, nil
}

// envSeen collects the known regions (or accounts) of an application's
// stacks, each with the first file that has it.
type envSeen struct {
	order []string
	file  map[string]string
}

func (e *envSeen) add(v, file string) {
	if v == "" {
		return
	}
	if e.file == nil {
		e.file = map[string]string{}
	}
	if _, ok := e.file[v]; !ok {
		e.file[v] = file
		e.order = append(e.order, v)
	}
}

// several says what is missing when the stacks have more than one value,
// "" when they agree.
func (e *envSeen) several(what string) string {
	if len(e.order) < 2 {
		return ""
	}
	var parts []string
	for _, v := range e.order {
		parts = append(parts, v+" ("+e.file[v]+")")
	}
	return "the stacks are in several " + what + "s: " + strings.Join(parts, ", ") + "; check the stacks of one " + what + " at a time"
}

// cycleError is a cycle of stacks importing from each other.
type cycleError struct {
	first int
	names []string
}

func (e *cycleError) Error() string {
	return "stacks import from each other in a cycle, which CloudFormation cannot create (each needs the other's exports first): " + strings.Join(e.names, " → ")
}

func order0(err error) int {
	var c *cycleError
	if errors.As(err, &c) {
		return c.first
	}
	return 0
}

// importOrder orders the stacks so that each comes after the stacks it
// imports from, in the given order where imports leave a choice; a cycle
// is a *cycleError naming its stacks.
func importOrder(deps [][]int, names []string) ([]int, error) {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(deps))
	var order, path []int
	var visit func(i int) error
	visit = func(i int) error {
		color[i] = grey
		path = append(path, i)
		for _, d := range deps[i] {
			switch color[d] {
			case grey:
				k := slices.Index(path, d)
				var cyc []string
				for _, p := range path[k:] {
					cyc = append(cyc, names[p])
				}
				return &cycleError{first: d, names: append(cyc, names[d])}
			case white:
				if err := visit(d); err != nil {
					return err
				}
			}
		}
		path = path[:len(path)-1]
		color[i] = black
		order = append(order, i)
		return nil
	}
	for i := range deps {
		if color[i] == white {
			if err := visit(i); err != nil {
				return nil, err
			}
		}
	}
	return order, nil
}

// collectImports evaluates the name of every Fn::ImportValue of the
// template, wherever it is, so that LoadStacks orders the stacks by all of
// their imports, not only those of the resources the reader builds.
func (l *loader) collectImports() {
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		if fn, arg := intrinsicOf(n); fn == "Fn::ImportValue" {
			if v, err := l.evalString(arg, path, fn); err == nil && !v.unres() {
				l.importNames = append(l.importNames, l.exportKey(v.s))
			}
			return
		}
		for _, c := range n.Content {
			walk(c, path)
		}
	}
	for _, id := range l.order {
		walk(l.res[id].node, id)
	}
	if l.outputs != nil {
		walk(l.outputs, "Outputs")
	}
	slices.Sort(l.importNames)
	l.importNames = slices.Compact(l.importNames)
}

// importHint says, for an import no stack given exports, which export it
// was most likely meant to find: exports are commonly named
// ${AWS::StackName}-Name and imported as ${OtherStackName}-Name, so an
// export that ends in the same "-Name" as the import, from a stack named
// otherwise, means the stack was deployed under another name than the one
// it was given here. "" when no export ends that way.
func (l *loader) importHint(name string) string {
	if l.o.app == nil || l.o.app.discover {
		return ""
	}
	best, bestLen := "", 0
	var from export
	for key, e := range l.o.app.exports {
		x := exportName(key)
		if n := hyphenSuffix(name, x); n > bestLen || n == bestLen && n > 0 && x < best {
			best, from, bestLen = x, e, n
		}
	}
	bestStack := from.stack
	if bestLen == 0 {
		return ""
	}
	want := name[:len(name)-bestLen]
	if !strings.HasPrefix(best, bestStack+"-") || want == "" {
		return fmt.Sprintf("; stack %q exports %q", bestStack, best)
	}
	return fmt.Sprintf("; stack %q exports %q: if it is deployed as %q, give it that name (--cloudformation %s=%s)", bestStack, best, want, from.file, want)
}

// hyphenSuffix is the length of the longest common suffix of a and b that
// starts with a hyphen in both and leaves a non-empty prefix in each: the
// "-Name" part of two export names built as PREFIX-Name.
func hyphenSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	for ; n > 0; n-- {
		if n < len(a) && n < len(b) && a[len(a)-n] == '-' {
			return n
		}
	}
	return 0
}
