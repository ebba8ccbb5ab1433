package tfplan

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// inst is one resource instance as the plan will leave it.
type inst struct {
	addr   string // "module.vpc.aws_subnet.private[0]"
	res    string // the resource address, without the instance key: "module.vpc.aws_subnet.private"
	module string // module instance address: "" or "module.vpc" or "module.x[0]"
	data   bool   // a data source
	typ    string
	name   string
	index  any // nil, float64 (count) or string (for_each)

	vals    map[string]any // after (or the prior state), sensitive values removed
	unknown any            // after_unknown
	// created is true when the instance is created (or replaced) by the
	// plan: its computed ids do not exist yet and nothing outside the plan
	// can have touched it.
	created bool
	// planned is true when the instance comes from resource_changes or
	// planned_values (the plan manages or reads it), not only prior_state.
	planned bool
	// read is true for a data source the plan reads only during apply.
	read bool

	cfg   *tfjson.ConfigResource
	scope *scope

	// containerDefs is container_definitions of a task definition when
	// known. It is kept even when the plan marks it sensitive (a sensitive
	// variable in jsonencode); only names, images, secret references and
	// log options are read from it, never environment values.
	containerDefs *string
	// shape is a secret version's value described without its content.
	shape *world.SecretShape
	// rawErr is a value rawFacts reads, possibly sensitive, of the wrong
	// type.
	rawErr *attrTypeError
}

// scope is one module's configuration: the root module or a module call's.
type scope struct {
	path   string // "" or "module.vpc" (no instance keys)
	mod    *tfjson.ConfigModule
	call   *tfjson.ModuleCall // nil for the root
	parent *scope
	res    map[string]*tfjson.ConfigResource // by module-relative address
	// src is the module's .tf files when WithConfig gave them (config.go).
	src *hclModule
}

// reader builds one world from one plan.
type reader struct {
	file string
	p    *tfjson.Plan
	opt  options
	w    *world.World

	insts  []*inst
	byAddr map[string]*inst
	byRes  map[string][]*inst // by resource address without index, in index order
	scopes map[string]*scope  // by module path without keys

	// linking guards reference cycles.
	linking map[string]bool

	// cfgFiles, cfgBytes and cfgWork count what the configuration read
	// takes (config.go), against its bounds.
	cfgFiles, cfgBytes, cfgWork int
	// forEach maps each configuration expression of a resource with
	// for_each to that for_each, from the .tf files (config.go).
	forEach map[*tfjson.Expression]hclsyntax.Expression

	newVPCs     []*inst         // VPCs the plan creates
	explicitRT  map[string]bool // subnets with an explicit route table association
	explicitACL map[string]bool // subnets with an explicit network ACL association
	unknownSG   map[string]bool // security groups left out: rules unknown
	skipped     []string        // instances left out, and why
	// unboundRT and unboundACL are true when a route table or network ACL
	// association names a subnet the plan cannot tell: no subnet is then
	// known to use the main table or default ACL.
	unboundRT, unboundACL bool
	// strayACL is true when a network ACL rule names an ACL the plan
	// cannot tell: no ACL, the new VPCs' default ones included, is known.
	strayACL bool
	// straySG is the same for a security group rule.
	straySG bool
	// unboundRoles are policy resources whose role the plan cannot tell.
	unboundRoles []unbound
	deleted      []deletedInst
}

func newReader(file string, p *tfjson.Plan, o options) *reader {
	return &reader{
		file: file, p: p, opt: o,
		byAddr:  map[string]*inst{},
		byRes:   map[string][]*inst{},
		scopes:  map[string]*scope{},
		linking: map[string]bool{},
	}
}

// index gathers every resource instance: the prior state first (existing
// resources and data sources read at plan time), then the planned changes,
// which win. Instances the plan deletes are dropped. The values the reader
// reads are checked against the provider's types (checkTypes): a change
// whose before or after is not an object, or an attribute of the wrong
// type, is an InputError naming the resource address and the attribute.
func (r *reader) index() error {
	if r.p.Config != nil && r.p.Config.RootModule != nil {
		r.addScope("", r.p.Config.RootModule, nil, nil, 0)
	}
	if ps := r.p.PriorState; ps != nil && ps.Values != nil {
		walkModule(ps.Values.RootModule, 0, func(sr *tfjson.StateResource) {
			in := r.fromState(sr)
			in.planned = false
			r.put(in)
		})
	}
	if pv := r.p.PlannedValues; pv != nil {
		walkModule(pv.RootModule, 0, func(sr *tfjson.StateResource) {
			if old := r.byAddr[sr.Address]; old != nil {
				old.planned = true
				return
			}
			in := r.fromState(sr)
			in.planned = true
			r.put(in)
		})
	}
	for _, rc := range r.p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.DeposedKey != "" || rc.Address == "" {
			continue
		}
		ch := rc.Change
		data := rc.Mode == tfjson.DataResourceMode
		if ch.Actions.Delete() {
			r.drop(rc.Address)
			before, ok := ch.Before.(map[string]any)
			if !ok && ch.Before != nil {
				return shapeError(r.file, rc.Address, "change.before", ch.Before)
			}
			before = scrub(before, ch.BeforeSensitive)
			if err := r.checkTypes(rc.Address, data, rc.Type, before, nil); err != nil {
				return err
			}
			r.deleted = append(r.deleted, deletedInst{typ: rc.Type, before: before})
			continue
		}
		// Terraform CLI docs "JSON Output Format": after is the object value
		// of the resource after the change, or null when it is deleted.
		after, ok := ch.After.(map[string]any)
		if !ok && ch.After != nil {
			return shapeError(r.file, rc.Address, "change.after", ch.After)
		}
		if after == nil {
			after = map[string]any{}
		}
		au, ok := ch.AfterUnknown.(map[string]any)
		if _, isBool := ch.AfterUnknown.(bool); !ok && !isBool && ch.AfterUnknown != nil {
			return shapeError(r.file, rc.Address, "change.after_unknown", ch.AfterUnknown)
		}
		in := &inst{
			addr: rc.Address, module: rc.ModuleAddress, data: data,
			typ: rc.Type, name: rc.Name, index: rc.Index,
			vals: scrub(after, ch.AfterSensitive), unknown: ch.AfterUnknown,
			created: ch.Actions.Create() || ch.Actions.Replace() || ch.Actions.CreateBeforeDestroy() || ch.Actions.DestroyBeforeCreate(),
			planned: true,
			read:    ch.Actions.Read(),
		}
		rawFacts(in, after, au)
		r.put(in)
	}
	for k := range r.byRes {
		insts := r.byRes[k]
		slices.SortStableFunc(insts, func(a, b *inst) int { return compareKeys(a.index, b.index) })
	}
	for _, in := range r.insts {
		if in.rawErr != nil {
			return r.attrError(in.addr, in.rawErr)
		}
		if err := r.checkTypes(in.addr, in.data, in.typ, in.vals, in.unknown); err != nil {
			return err
		}
	}
	return nil
}

func walkModule(m *tfjson.StateModule, depth int, f func(*tfjson.StateResource)) {
	if m == nil || depth > 64 {
		return
	}
	for _, sr := range m.Resources {
		if sr != nil && sr.Address != "" {
			f(sr)
		}
	}
	for _, c := range m.ChildModules {
		walkModule(c, depth+1, f)
	}
}

func (r *reader) fromState(sr *tfjson.StateResource) *inst {
	in := &inst{
		addr: sr.Address, data: sr.Mode == tfjson.DataResourceMode,
		typ: sr.Type, name: sr.Name, index: sr.Index,
		vals: scrub(sr.AttributeValues, sensitiveTree(sr.SensitiveValues)),
	}
	rawFacts(in, sr.AttributeValues, nil)
	return in
}

// rawFacts reads, before sensitive values are removed, the two facts that
// may sit in a sensitive value: a task definition's container definitions
// and the shape (never the content) of a secret version.
//
// checkTypes does not look into sensitive values, so their types are
// checked here: a wrong one is kept in in.rawErr, naming the attribute and
// the JSON type only, never the value.
func rawFacts(in *inst, raw, unknown map[string]any) {
	rawString := func(attr string) {
		if u, _ := unknown[attr].(bool); u || in.rawErr != nil {
			return
		}
		if v, ok := raw[attr]; ok && v != nil {
			if _, isString := v.(string); !isString {
				in.rawErr = &attrTypeError{path: []any{attr}, want: "string", got: jsonKind(v)}
			}
		}
	}
	switch in.typ {
	case "aws_ecs_task_definition":
		rawString("container_definitions")
		if u, _ := unknown["container_definitions"].(bool); !u {
			if s, ok := raw["container_definitions"].(string); ok {
				in.containerDefs = &s
			}
		}
	case "aws_secretsmanager_secret_version":
		rawString("secret_string")
		rawString("secret_binary")
		if unknown == nil {
			unknown = map[string]any{}
		}
		in.shape = shapeOf(raw, unknown)
	}
}

func sensitiveTree(raw []byte) any {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		// Unreadable sensitivity marks: treat every value as sensitive
		// rather than risk keeping one.
		return true
	}
	return v
}

func (r *reader) put(in *inst) {
	if in.vals == nil {
		in.vals = map[string]any{}
	}
	// The address decides the module and resource (Terraform CLI docs
	// "Resource Address"); an address that is not a resource address names
	// no configuration.
	in.res = in.addr
	if a, ok := parseAddress(in.addr); ok && len(a.rest) == 0 {
		in.res, in.module = a.resource(), moduleAddr(a.modules, true)
		in.scope = r.scopes[moduleAddr(a.modules, false)]
		if in.scope != nil {
			a.modules = nil
			in.cfg = in.scope.res[a.resource()]
		}
	}
	if old, ok := r.byAddr[in.addr]; ok {
		*old = *in
		return
	}
	r.byAddr[in.addr] = in
	r.insts = append(r.insts, in)
	r.byRes[in.res] = append(r.byRes[in.res], in)
}

func (r *reader) drop(addr string) {
	in, ok := r.byAddr[addr]
	if !ok {
		return
	}
	delete(r.byAddr, addr)
	isIn := func(x *inst) bool { return x == in }
	r.insts = slices.DeleteFunc(r.insts, isIn)
	r.byRes[in.res] = slices.DeleteFunc(r.byRes[in.res], isIn)
}

func (r *reader) addScope(path string, m *tfjson.ConfigModule, call *tfjson.ModuleCall, parent *scope, depth int) {
	if m == nil || depth > 64 {
		return
	}
	s := &scope{path: path, mod: m, call: call, parent: parent, res: map[string]*tfjson.ConfigResource{}}
	for _, cr := range m.Resources {
		if cr != nil {
			s.res[cr.Address] = cr
		}
	}
	r.scopes[path] = s
	for _, n := range slices.Sorted(maps.Keys(m.ModuleCalls)) {
		mc := m.ModuleCalls[n]
		if mc == nil {
			continue
		}
		child := "module." + n
		if path != "" {
			child = path + "." + child
		}
		r.addScope(child, mc.Module, mc, s, depth+1)
	}
}

// compareKeys orders instance keys: count indexes by number, for_each keys
// as text.
func compareKeys(a, b any) int {
	fa, oka := a.(float64)
	fb, okb := b.(float64)
	if oka && okb {
		return cmp.Compare(fa, fb)
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// sensitiveValue replaces every value the plan marks sensitive; it is never
// read, so no sensitive text reaches the world.
type sensitiveValue struct{}

// scrub returns a copy of v with every value marked sensitive in mark
// replaced by sensitiveValue{}.
func scrub(v map[string]any, mark any) map[string]any {
	out, _ := scrubValue(v, mark, 0).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

func scrubValue(v, mark any, depth int) any {
	if b, ok := mark.(bool); ok && b {
		return sensitiveValue{}
	}
	if depth > 64 {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		m, _ := mark.(map[string]any)
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = scrubValue(e, m[k], depth+1)
		}
		return out
	case []any:
		ms, _ := mark.([]any)
		out := make([]any, len(x))
		for i, e := range x {
			var mk any
			if i < len(ms) {
				mk = ms[i]
			}
			out[i] = scrubValue(e, mk, depth+1)
		}
		return out
	}
	return v
}

// readHook, when set, sees every read of an instance's values, with the
// path as pathText writes it; a test checks with it that the provider
// schema table covers every attribute the reader reads. It takes text so
// that the path does not escape to the heap on every read.
var readHook func(in *inst, path string)

// get returns the value at path and whether it is known after apply.
// A path that is absent from a known value reads as a known null.
func (in *inst) get(path ...any) (any, bool) {
	if readHook != nil {
		readHook(in, attrPath(path))
	}
	var v any = in.vals
	u := in.unknown
	for _, p := range path {
		if b, ok := u.(bool); ok && b {
			return nil, false
		}
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			um, _ := u.(map[string]any)
			v, u = m[k], um[k]
		case int:
			l, _ := v.([]any)
			ul, _ := u.([]any)
			v, u = nil, nil
			if k >= 0 && k < len(l) {
				v = l[k]
			}
			if k >= 0 && k < len(ul) {
				u = ul[k]
			}
		}
	}
	if b, ok := u.(bool); ok && b {
		return nil, false
	}
	if _, ok := v.(sensitiveValue); ok {
		return nil, false
	}
	return v, true
}

// str returns a known string attribute, or "".
func (in *inst) str(path ...any) string {
	v, ok := in.get(path...)
	if !ok {
		return ""
	}
	s, _ := v.(string)
	return s
}

// known reports whether the attribute is known after apply.
func (in *inst) known(path ...any) bool {
	_, ok := in.get(path...)
	return ok
}

// boolAttr returns a known bool attribute.
func (in *inst) boolAttr(path ...any) (bool, bool) {
	v, ok := in.get(path...)
	b, isBool := v.(bool)
	return b, ok && isBool
}

// intAttr returns a known number attribute.
func (in *inst) intAttr(path ...any) (int, bool) {
	v, ok := in.get(path...)
	f, isNum := v.(float64)
	if !ok || !isNum || f > 1<<31 || f < -(1<<31) {
		return 0, false
	}
	return int(f), true
}

// blocks returns the number of elements of a list or set attribute and
// whether the list itself is known.
func (in *inst) blocks(name string) (int, bool) {
	v, ok := in.get(name)
	if !ok {
		return 0, false
	}
	l, _ := v.([]any)
	return len(l), true
}

// origin is where an instance's facts come from.
func (r *reader) origin(in *inst) world.Origin {
	return world.Origin{File: r.file, Path: in.addr}
}
