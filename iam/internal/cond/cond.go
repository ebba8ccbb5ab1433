// Package cond compiles and evaluates the Condition element of IAM policies
// (IAM-UG "IAM JSON policy elements: Condition operators", "Multivalued
// context keys").
//
// Semantics, in the guide's words: operators in a block are ANDed, keys
// under one operator are ANDed, the values for one key are ORed; a negated
// operator (StringNotEquals, ...) is true when the request value equals none
// of the policy values. A key absent from the request makes a positive
// operator false and a negated one true; ...IfExists makes any operator true;
// ForAllValues: is true for an absent key, ForAnyValue: false. Null tests
// presence itself.
//
// An operator this package does not know, or a policy value it cannot read
// (a number that is not a number), makes the condition Unknown: never a
// silent non-match, which would quietly turn a Deny into a no-op.
package cond

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/standin"
)

// Result is a three-valued truth.
type Result int8

// The results of evaluating a condition.
const (
	False Result = iota
	True
	Unknown
)

// Context supplies the request's condition keys. Lookup matches key names
// case-insensitively (IAM-UG: condition key names are not case-sensitive).
type Context interface {
	Lookup(key string) ([]string, bool)
}

type kind int8

const (
	kString kind = iota
	kStringIgnoreCase
	kStringLike
	kNumeric
	kDate
	kBool
	kBinary
	kIP
	kARN
	kNull
	kUnsupported
)

// relation is the comparison a numeric or date operator makes.
type relation int8

const (
	cmpEq relation = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

type setOp int8

const (
	setNone setOp = iota
	setAny
	setAll
)

// Condition is one operator applied to one key.
type Condition struct {
	Operator string // as written in the policy
	Key      string // as written in the policy

	kind     kind
	rel      relation
	negated  bool
	ifExists bool
	set      setOp

	strs  []Template // string, ARN and Like values (patterns for Like/ARN)
	nums  []float64
	times []int64 // Unix nanoseconds
	nets  []netip.Prefix
	nulls []bool

	// fixed indexes the strs without variables or stand-ins, when there
	// are many; loose holds, ascending, the positions of the others, which
	// are compared one by one. vars counts the strs with variables.
	fixed *index
	loose []int32
	vars  int

	// problem explains why the condition is Unknown; "" when it is usable.
	problem string
}

type opInfo struct {
	kind    kind
	rel     relation
	negated bool
}

// ops maps lower-cased base operator names. AWS operator names are matched
// case-sensitively by IAM's validator; we accept any case because a policy
// that reached us was already accepted by AWS.
var ops = map[string]opInfo{
	"stringequals":              {kString, cmpEq, false},
	"stringnotequals":           {kString, cmpEq, true},
	"stringequalsignorecase":    {kStringIgnoreCase, cmpEq, false},
	"stringnotequalsignorecase": {kStringIgnoreCase, cmpEq, true},
	"stringlike":                {kStringLike, cmpEq, false},
	"stringnotlike":             {kStringLike, cmpEq, true},
	"numericequals":             {kNumeric, cmpEq, false},
	"numericnotequals":          {kNumeric, cmpEq, true},
	"numericlessthan":           {kNumeric, cmpLt, false},
	"numericlessthanequals":     {kNumeric, cmpLe, false},
	"numericgreaterthan":        {kNumeric, cmpGt, false},
	"numericgreaterthanequals":  {kNumeric, cmpGe, false},
	"dateequals":                {kDate, cmpEq, false},
	"datenotequals":             {kDate, cmpEq, true},
	"datelessthan":              {kDate, cmpLt, false},
	"datelessthanequals":        {kDate, cmpLe, false},
	"dategreaterthan":           {kDate, cmpGt, false},
	"dategreaterthanequals":     {kDate, cmpGe, false},
	"bool":                      {kBool, cmpEq, false},
	"binaryequals":              {kBinary, cmpEq, false},
	"ipaddress":                 {kIP, cmpEq, false},
	"notipaddress":              {kIP, cmpEq, true},
	"arnequals":                 {kARN, cmpEq, false},
	"arnlike":                   {kARN, cmpEq, false},
	"arnnotequals":              {kARN, cmpEq, true},
	"arnnotlike":                {kARN, cmpEq, true},
	"null":                      {kNull, cmpEq, false},
}

// Compile builds the condition for one operator, key and value list. vars
// enables policy variables in string and ARN values (policy Version
// "2012-10-17"). Compile never fails: what it cannot use makes the
// condition Unknown, and Problem says why.
func Compile(operator, key string, values []string, vars bool) Condition {
	c := Condition{Operator: operator, Key: key}
	name := operator
	if p, rest, ok := strings.Cut(name, ":"); ok {
		switch strings.ToLower(p) {
		case "forallvalues":
			c.set = setAll
		case "foranyvalue":
			c.set = setAny
		default:
			return c.unsupported()
		}
		name = rest
	}
	lname := strings.ToLower(name)
	if base, ok := strings.CutSuffix(lname, "ifexists"); ok && base != "" {
		c.ifExists = true
		lname = base
	}
	info, ok := ops[lname]
	if !ok || info.kind == kNull && (c.ifExists || c.set != setNone) {
		return c.unsupported()
	}
	c.kind, c.rel, c.negated = info.kind, info.rel, info.negated
	if len(values) == 0 {
		c.problem = fmt.Sprintf("condition %s on %q has no values", operator, key)
		return c
	}
	for _, v := range values {
		if err := c.addValue(v, vars); err != nil {
			c.problem = fmt.Sprintf("condition %s on %q: %v", operator, key, err)
			return c
		}
	}
	c.indexStrings()
	return c
}

// indexStrings files the string values: those without variables or
// stand-ins in an index when there are at least minIndexed of them, the
// others in loose.
func (c *Condition) indexStrings() {
	var fixed []item
	for i, t := range c.strs {
		lit, ok := t.Literal()
		if !ok {
			c.vars++
		}
		if ok && !standin.Has(lit) {
			fixed = append(fixed, item{int32(i), lit})
		} else {
			c.loose = append(c.loose, int32(i))
		}
	}
	if len(fixed) < minIndexed {
		c.loose = c.loose[:0]
		for i := range c.strs {
			c.loose = append(c.loose, int32(i))
		}
		return
	}
	c.fixed = newIndex(c.kind, fixed)
}

func (c Condition) unsupported() Condition {
	c.kind = kUnsupported
	c.problem = fmt.Sprintf("condition operator %q is not supported", c.Operator)
	return c
}

func (c *Condition) addValue(v string, vars bool) error {
	switch c.kind {
	case kBinary, kBool, kNumeric, kDate, kIP:
		if standin.Has(v) {
			return fmt.Errorf("value %q depends on %s", v, standin.Describe(v))
		}
	}
	switch c.kind {
	case kString, kStringIgnoreCase:
		c.strs = append(c.strs, NewTemplate(v, vars, false))
	case kStringLike, kARN:
		// IAM-UG: ArnEquals and ArnLike behave the same; both take wildcards.
		c.strs = append(c.strs, NewTemplate(v, vars, true))
	case kBinary:
		if _, err := base64.StdEncoding.DecodeString(v); err != nil {
			return fmt.Errorf("value %q is not base64", v)
		}
		c.strs = append(c.strs, Template{lit: v})
	case kBool:
		lv := strings.ToLower(v)
		if lv != "true" && lv != "false" {
			return fmt.Errorf("value %q is not true or false", v)
		}
		c.strs = append(c.strs, Template{lit: lv})
	case kNumeric:
		f, err := parseNumber(v)
		if err != nil {
			return fmt.Errorf("value %q is not a number", v)
		}
		c.nums = append(c.nums, f)
	case kDate:
		t, ok := ParseDate(v)
		if !ok {
			return fmt.Errorf("value %q is not a date (ISO 8601 or epoch seconds)", v)
		}
		c.times = append(c.times, t)
	case kIP:
		p, ok := parsePrefix(v)
		if !ok {
			return fmt.Errorf("value %q is not an IP address or CIDR block", v)
		}
		c.nets = append(c.nets, p)
	case kNull:
		switch strings.ToLower(v) {
		case "true":
			c.nulls = append(c.nulls, true)
		case "false":
			c.nulls = append(c.nulls, false)
		default:
			return fmt.Errorf("value %q is not true or false", v)
		}
	}
	return nil
}

// Problem says why the condition evaluates to Unknown, or "".
func (c *Condition) Problem() string { return c.problem }

// Eval evaluates the condition against the request context.
func (c *Condition) Eval(ctx Context) Result {
	r, _ := c.EvalWhy(ctx)
	return r
}

// not is the three-valued negation when negate is true.
func not(r Result, negate bool) Result {
	if !negate || r == Unknown {
		return r
	}
	if r == True {
		return False
	}
	return True
}

// EvalWhy is Eval, with the reason for an Unknown: the condition's
// problem, or the stand-in a request or policy value depends on.
func (c *Condition) EvalWhy(ctx Context) (Result, string) {
	if c.problem != "" {
		return Unknown, c.problem
	}
	vals, present := ctx.Lookup(c.Key)
	present = present && len(vals) > 0
	if c.kind == kNull {
		for _, want := range c.nulls {
			if want == !present {
				return True, ""
			}
		}
		return False, ""
	}
	if !present {
		switch {
		case c.ifExists:
			return True, ""
		case c.set == setAll:
			return True, ""
		case c.set == setAny:
			return False, ""
		case c.negated:
			return True, ""
		}
		return False, ""
	}
	r := c.prepare(ctx, len(vals))
	res, why := r.eval(vals)
	if b, ok := ctx.(Budget); ok && r.steps > 0 {
		b.SpendSteps(r.steps)
	}
	return res, why
}

// eval combines the answers for each request value. Each gives True, False
// or, when it or a policy value holds a stand-in, Unknown; the set operator
// combines them in three-valued logic.
func (r *request) eval(vals []string) (Result, string) {
	c := r.c
	why := ""
	switch c.set {
	case setAny:
		res := False
		for _, v := range vals {
			m, ok, w := r.matchOne(v)
			if r.over {
				return Unknown, w
			}
			if !ok {
				return False, ""
			}
			switch not(m, c.negated) {
			case True:
				return True, ""
			case Unknown:
				res, why = Unknown, cmp.Or(why, w)
			}
		}
		return res, why
	case setAll:
		res := True
		for _, v := range vals {
			m, ok, w := r.matchOne(v)
			if r.over {
				return Unknown, w
			}
			if !ok {
				return False, ""
			}
			switch not(m, c.negated) {
			case False:
				return False, ""
			case Unknown:
				res, why = Unknown, cmp.Or(why, w)
			}
		}
		return res, why
	}
	any := False
	for _, v := range vals {
		m, ok, w := r.matchOne(v)
		if r.over {
			return Unknown, w
		}
		if !ok {
			return False, ""
		}
		if m == True {
			any, why = True, ""
			break
		}
		if m == Unknown {
			any, why = Unknown, cmp.Or(why, w)
		}
	}
	return not(any, c.negated), why
}

// maxSteps bounds the matching work of one condition on one request: a
// glob step, a byte compared for equality, or a state of the comparison
// of a value holding a stand-in (standin.Match). The index keeps policies
// with thousands of values far below it (6,000 x 6,000 ForAnyValue cases
// take under a million, TestBulkWorkIsLinear); patterns it cannot tell
// apart, such as thousands of "*x*y*" against long values, would take
// seconds. Beyond it the condition is Unknown and says so: the answer
// was not computed, and a guess would be a false pass or fail.
const maxSteps = 1 << 24

// Budget is an optional interface of a Context that bounds the matching
// work of all the conditions of one evaluation, which maxSteps bounds for
// each alone: a policy may hold many conditions, each below the limit.
type Budget interface {
	// StepsLeft is the matching work the evaluation may still spend.
	StepsLeft() int64
	// SpendSteps records the work a condition spent.
	SpendSteps(n int64)
}

// request is a condition's values made ready for one request: policy
// variables are substituted once, not once per request value.
type request struct {
	c     *Condition
	pats  []string // strs with variables substituted; nil when none has one
	fail  int      // position of the first str whose variable has no value; len(strs) when none
	dyn   *index   // the substituted strs, indexed when there are many
	loose []int32  // positions compared one by one
	nvals int      // the number of request values
	steps int64    // matching work spent so far
	limit int64    // maxSteps, or less when the evaluation's Budget has less left
	over  bool     // steps passed limit: the condition is not decided
}

// prepare substitutes the variables of c's string values from ctx, in
// order, up to the first that has no value: the one-by-one loop over the
// values never looked further.
func (c *Condition) prepare(ctx Context, nvals int) request {
	r := request{c: c, fail: len(c.strs), loose: c.loose, nvals: nvals, limit: maxSteps}
	if b, ok := ctx.(Budget); ok {
		r.limit = min(r.limit, b.StepsLeft())
	}
	if c.vars == 0 {
		return r
	}
	r.pats = make([]string, len(c.strs))
	quote := c.kind == kStringLike || c.kind == kARN
	var subst []item
	for i, t := range c.strs {
		s, ok := t.Expand(ctx, quote)
		if !ok {
			r.fail = i
			break
		}
		r.pats[i] = s
		if _, lit := t.Literal(); !lit && !standin.Has(s) {
			subst = append(subst, item{int32(i), s})
		}
	}
	if len(subst) < minIndexed {
		return r
	}
	// Many values with variables: index them after substitution.
	r.dyn = newIndex(c.kind, subst)
	r.loose = nil
	for _, p := range c.loose {
		if _, lit := c.strs[p].Literal(); lit || int(p) >= r.fail || standin.Has(r.pats[p]) {
			r.loose = append(r.loose, p)
		}
	}
	return r
}

// pattern is the policy value at position i, variables substituted.
func (r *request) pattern(i int32) string {
	if r.pats != nil {
		return r.pats[i]
	}
	return r.c.strs[i].lit
}

// compare compares request value v with the policy value at position i in
// the operator's positive sense, counting its work. vPlain says v holds
// no stand-in, wantPlain that the caller knows the policy value holds none.
func (r *request) compare(i int32, v string, vPlain, wantPlain bool) standin.Tri {
	want := r.pattern(i)
	fold := r.c.kind == kStringIgnoreCase || r.c.kind == kBool
	if vPlain && (wantPlain || !standin.Has(want)) {
		// What standin.Match and standin.Equal do without stand-ins.
		var yes bool
		switch r.c.kind {
		case kStringLike:
			yes = r.like(want, v)
		case kARN:
			yes = r.arn(want, v)
		default:
			r.steps += int64(1 + min(len(want), len(v)))
			yes = v == want || fold && strings.EqualFold(v, want)
		}
		if yes {
			return standin.Yes
		}
		return standin.No
	}
	// The comparison may walk the product of both (glob.Intersect, which
	// stops at 1<<20 states).
	r.steps += min(int64(len(want)+1)*int64(len(v)+1), 1<<20)
	switch r.c.kind {
	case kStringLike:
		return standin.Match(want, v, r.like)
	case kARN:
		return standin.Match(want, v, r.arn)
	default:
		r.steps += int64(1 + min(len(want), len(v)))
		return standin.Equal(v, want, fold)
	}
}

// like and arn are the operators' matchers, within the work left: a match
// that runs out marks the request over, and its false answer is never
// used.
func (r *request) like(pattern, s string) bool {
	return r.count(glob.MatchLimit(pattern, s, int(r.limit-r.steps)))
}

func (r *request) arn(pattern, s string) bool {
	return r.count(glob.MatchARNLimit(pattern, s, int(r.limit-r.steps)))
}

func (r *request) count(ok, done bool, steps int) bool {
	r.steps += int64(steps)
	if !done {
		r.over = true
	}
	return ok
}

// spent reports whether the work so far passed the limit, and marks the
// request so.
func (r *request) spent() bool {
	if r.steps > r.limit {
		r.over = true
	}
	return r.over
}

// matchOne reports whether one request value matches any policy value in
// the operator's positive sense: True, False, or Unknown when the answer
// depends on a stand-in (why names it). ok is false when a policy variable
// cannot be resolved: the statement is then invalid and must not apply,
// whatever the operator's sense.
//
// The answer is the one a loop over the policy values in order gives: it
// stops at the first definite match (True) or at the first variable without
// a value (not ok), whichever comes first, and an Unknown names the first
// value that may match. Indexed values are visited in no order, so the
// smallest position that matches is kept.
func (r *request) matchOne(v string) (m Result, ok bool, why string) {
	c := r.c
	switch c.kind {
	case kNumeric, kDate, kIP:
		if standin.Has(v) {
			return Unknown, true, fmt.Sprintf("condition %s on %q: value %q depends on %s", c.Operator, c.Key, v, standin.Describe(v))
		}
		if c.matchTyped(v) {
			return True, true, ""
		}
		return False, true, ""
	}
	yes := int32(r.fail) // smallest position of a definite match; fail when none before it
	maybe := int32(-1)   // first position that may match
	plain := !standin.Has(v)
	loop := func(i int32) bool {
		if i >= yes || r.spent() {
			return false
		}
		switch r.compare(i, v, plain, false) {
		case standin.Yes:
			yes = i
			return false
		case standin.Maybe:
			if maybe < 0 {
				maybe = i
			}
		}
		return true
	}
	if !plain {
		// Only a wildcard or an equal stand-in can cover a stand-in: the
		// index, which compares literal text, cannot tell; compare all.
		for i := range int32(r.fail) {
			if !loop(i) {
				break
			}
		}
	} else {
		for _, i := range r.loose {
			if !loop(i) {
				break
			}
		}
		// Without a failed variable any match decides; with one, only a
		// match before it does, so look for smaller positions.
		candidate := func(i int32) bool {
			if r.spent() {
				return false
			}
			// Indexed values hold no stand-in, nor does v here.
			if i < yes && r.compare(i, v, true, true) == standin.Yes {
				yes = i
			}
			return r.fail < len(c.strs) || yes == int32(r.fail)
		}
		if c.fixed != nil && yes > 0 {
			c.fixed.each(v, candidate)
		}
		if r.dyn != nil && yes > 0 {
			r.dyn.each(v, candidate)
		}
	}
	switch {
	case int(yes) < r.fail:
		// The loop reaches a match before any failed variable: at the
		// first match, if not at this one.
		return True, true, ""
	case r.spent():
		if r.limit <= 0 {
			return Unknown, true, fmt.Sprintf("condition %s on %q: not evaluated: the conditions before it spent the matching steps this tool spends on one evaluation", c.Operator, c.Key)
		}
		if r.limit < maxSteps {
			return Unknown, true, fmt.Sprintf("condition %s on %q: comparing %d policy values with %d request values takes more than the %d matching steps left of what this tool spends on one evaluation; not evaluated", c.Operator, c.Key, len(c.strs), r.nvals, r.limit)
		}
		return Unknown, true, fmt.Sprintf("condition %s on %q: comparing %d policy values with %d request values takes more than %d matching steps, the most this tool spends on one condition; not evaluated", c.Operator, c.Key, len(c.strs), r.nvals, maxSteps)
	case r.fail < len(c.strs):
		return False, false, ""
	case maybe >= 0:
		want := r.pattern(maybe)
		return Unknown, true, fmt.Sprintf("condition %s on %q: whether %q matches %q depends on %s", c.Operator, c.Key, v, glob.Unquote(want), standin.Describe(v, want))
	}
	return False, true, ""
}

// matchTyped is matchOne for numeric, date and IP operators.
func (c *Condition) matchTyped(v string) bool {
	switch c.kind {
	case kNumeric:
		f, err := parseNumber(v)
		if err != nil {
			return false
		}
		for _, want := range c.nums {
			if compare(c.rel, cmp.Compare(f, want)) {
				return true
			}
		}
	case kDate:
		t, good := ParseDate(v)
		if !good {
			return false
		}
		for _, want := range c.times {
			if compare(c.rel, cmp.Compare(t, want)) {
				return true
			}
		}
	case kIP:
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		a = a.Unmap()
		for _, p := range c.nets {
			if p.Contains(a) {
				return true
			}
		}
	}
	return false
}

func compare(op relation, sign int) bool {
	switch op {
	case cmpLt:
		return sign < 0
	case cmpLe:
		return sign <= 0
	case cmpGt:
		return sign > 0
	case cmpGe:
		return sign >= 0
	}
	return sign == 0
}

func parseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, fmt.Errorf("not finite")
	}
	return f, err
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
}

// ParseDate reads the date forms IAM accepts (IAM-UG "Date condition
// operators": ISO 8601 variants or epoch seconds) as Unix nanoseconds.
func ParseDate(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n > math.MaxInt64/int64(time.Second) || n < math.MinInt64/int64(time.Second) {
			return 0, false
		}
		return n * int64(time.Second), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UnixNano(), true
		}
	}
	return 0, false
}

func parsePrefix(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// Block is a statement's Condition element: every condition must hold.
type Block []Condition

// Eval ANDs the conditions. A False anywhere decides False even when another
// condition is Unknown; otherwise an Unknown makes the block Unknown and
// problem names the first one.
func (b Block) Eval(ctx Context) (r Result, problem string) {
	r = True
	for i := range b {
		switch res, why := b[i].EvalWhy(ctx); res {
		case False:
			return False, ""
		case Unknown:
			if r == True {
				r, problem = Unknown, why
			}
		}
	}
	return r, problem
}
