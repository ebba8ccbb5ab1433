package cond

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/standin"
)

// plainEvalWhy is EvalWhy as a loop over every policy value for every
// request value, in order, substituting variables each time: the
// evaluation before the index, kept as the reference the index must agree
// with.
func plainEvalWhy(c *Condition, ctx Context) (Result, string) {
	switch c.kind {
	case kString, kStringIgnoreCase, kBool, kBinary, kStringLike, kARN:
	default:
		return c.EvalWhy(ctx)
	}
	if c.problem != "" {
		return Unknown, c.problem
	}
	vals, present := ctx.Lookup(c.Key)
	if !present || len(vals) == 0 {
		return c.EvalWhy(ctx) // no value is compared
	}
	why := ""
	switch c.set {
	case setAny:
		r := False
		for _, v := range vals {
			m, ok, w := plainMatchOne(c, ctx, v)
			if !ok {
				return False, ""
			}
			switch not(m, c.negated) {
			case True:
				return True, ""
			case Unknown:
				r, why = Unknown, cmp.Or(why, w)
			}
		}
		return r, why
	case setAll:
		r := True
		for _, v := range vals {
			m, ok, w := plainMatchOne(c, ctx, v)
			if !ok {
				return False, ""
			}
			switch not(m, c.negated) {
			case False:
				return False, ""
			case Unknown:
				r, why = Unknown, cmp.Or(why, w)
			}
		}
		return r, why
	}
	any := False
	for _, v := range vals {
		m, ok, w := plainMatchOne(c, ctx, v)
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

func plainMatchOne(c *Condition, ctx Context, v string) (m Result, ok bool, why string) {
	m = False
	maybe := func(want string) {
		if m == False {
			m = Unknown
			why = fmt.Sprintf("condition %s on %q: whether %q matches %q depends on %s", c.Operator, c.Key, v, glob.Unquote(want), standin.Describe(v, want))
		}
	}
	like := c.kind == kStringLike || c.kind == kARN
	for _, t := range c.strs {
		want, ok := t.Expand(ctx, like)
		if !ok {
			return False, false, ""
		}
		var got standin.Tri
		switch c.kind {
		case kStringLike:
			got = standin.Match(want, v, glob.Match)
		case kARN:
			got = standin.Match(want, v, glob.MatchARN)
		default:
			got = standin.Equal(v, want, c.kind == kStringIgnoreCase || c.kind == kBool)
		}
		switch got {
		case standin.Yes:
			return True, true, ""
		case standin.Maybe:
			maybe(want)
		}
	}
	return m, true, why
}

// stringOps are the operators whose values the index serves (IAM-UG "IAM
// JSON policy elements: Condition operators": String and ARN operators,
// with the set prefixes of "Multivalued context keys").
var stringOps = func() []string {
	var out []string
	for _, op := range []string{"StringLike", "StringNotLike", "ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals", "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "Bool", "StringLikeIfExists"} {
		for _, set := range []string{"", "ForAnyValue:", "ForAllValues:"} {
			out = append(out, set+op)
		}
	}
	return out
}()

// Pieces of generated policy values and request values: wildcards,
// escapes and variables (IAM-UG "IAM policy elements: Variables and
// tags"), case pairs including the Unicode fold orbits of k and s, a
// stand-in (world/unresolved.go), ARN segments, and bytes that are not
// UTF-8.
var (
	patternPieces = []string{"a", "b", "A", "B", "k", "K", "\u212a", "s", "\u017f", "é", "É", ":", "/", "-", "*", "?", "**", "${*}", "${?}", "${$}", "${aws:username}", "${aws:PrincipalTag/team, 'd*'}", "<unresolved Ref X>", "arn:", "arn:aws:s3:::", "arn:aws:ecs:us-east-1:111122223333:", "\xff", "true", "True"}
	valuePieces   = []string{"a", "b", "A", "B", "k", "K", "\u212a", "s", "S", "\u017f", "é", "É", ":", "/", "-", "*", "?", "<unresolved Ref X>", "<unresolved Ref Y>", "arn:", "arn:aws:s3:::", "arn:aws:ecs:us-east-1:111122223333:", "\xff", "\xfe", "true", "TRUE"}
	usernames     = [][]string{nil, {"a"}, {"a*"}, {"b?"}, {"<unresolved Ref X>"}, {"a", "b"}}
)

func piece(r *rand.Rand, from []string, n int) string {
	var b strings.Builder
	for range r.IntN(n + 1) {
		b.WriteString(from[r.IntN(len(from))])
	}
	return b.String()
}

// instance turns a pattern into a value it is likely to match: each
// wildcard becomes some text, a variable the user name, and a letter may
// change case.
func instance(r *rand.Rand, p string) string {
	p = strings.NewReplacer("${aws:username}", "a", "${*}", "*", "${?}", "?", "${$}", "$").Replace(p)
	var b strings.Builder
	for _, c := range p {
		switch {
		case c == '*':
			b.WriteString(piece(r, valuePieces, 2))
		case c == '?':
			b.WriteString(valuePieces[r.IntN(len(valuePieces))][:1])
		case r.IntN(8) == 0:
			b.WriteString(strings.ToUpper(string(c)))
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// TestIndexAgreesWithLoop is the differential test: over generated
// conditions and requests, the indexed evaluation gives the same result
// and the same reason as the loop over every policy value.
func TestIndexAgreesWithLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	n := 10000
	if testing.Short() {
		n = 2000
	}
	indexed := 0
	for i := range n {
		op := stringOps[r.IntN(len(stringOps))]
		np := r.IntN(30)
		if r.IntN(4) == 0 {
			np += minIndexed * 2
		}
		// Some conditions hold many values with variables (the index
		// built after substitution), some none.
		varShare := []int{0, 1, 3}[r.IntN(3)]
		var patterns []string
		for range np {
			p := piece(r, patternPieces, 4)
			if varShare > 0 && r.IntN(4) < varShare {
				p = "${aws:username}" + p
			}
			patterns = append(patterns, p)
		}
		var values []string
		for range 1 + r.IntN(4) {
			if len(patterns) > 0 && r.IntN(2) == 0 {
				values = append(values, instance(r, patterns[r.IntN(len(patterns))]))
			} else {
				values = append(values, piece(r, valuePieces, 4))
			}
		}
		req := ctx{"k": values}
		if u := usernames[r.IntN(len(usernames))]; u != nil {
			req["aws:username"] = u
		}
		c := Compile(op, "k", patterns, r.IntN(8) != 0)
		if c.fixed != nil {
			indexed++
		}
		gotR, gotWhy := c.EvalWhy(req)
		wantR, wantWhy := plainEvalWhy(&c, req)
		if gotR != wantR || gotWhy != wantWhy {
			t.Fatalf("case %d: %s %q on %q: indexed = %v %q, loop = %v %q", i, op, patterns, req, gotR, gotWhy, wantR, wantWhy)
		}
	}
	if indexed < n/10 {
		t.Errorf("only %d of %d generated conditions were indexed", indexed, n)
	}
}

// FuzzIndexAgreesWithLoop is the differential property over arbitrary
// patterns and values; the patterns are padded to minIndexed so that the
// index is used.
func FuzzIndexAgreesWithLoop(f *testing.F) {
	f.Add("team-*-end\nteam-1\n*x\narn:aws:s3:::b/*", "team-1\nteam-2-end", "a", uint8(0))
	f.Add("${aws:username}-*\n${*}a\n?é\n*", "a-x\n*a\nÉé", "a*", uint8(2))
	f.Add("arn:aws:ecs:*:111122223333:task/*\narn:aws:ecs", "arn:aws:ecs:us-east-1:111122223333:task/c/1", "", uint8(4))
	f.Add("K\nſ\nTRUE", "\u212a\nS\ntrue", "", uint8(8))
	f.Add("<unresolved Ref X>-*\na*", "<unresolved Ref X>-1\nb", "<unresolved Ref Y>", uint8(1))
	f.Fuzz(func(t *testing.T, patterns, values, user string, op uint8) {
		ps := strings.Split(patterns, "\n")
		for i := len(ps); i < minIndexed; i++ {
			ps = append(ps, fmt.Sprintf("pad-%d-*-pad", i))
		}
		req := ctx{"k": strings.Split(values, "\n")}
		if user != "" {
			req["aws:username"] = strings.Split(user, "\n")
		}
		c := Compile(stringOps[int(op)%len(stringOps)], "k", ps, op&0x80 == 0)
		gotR, gotWhy := c.EvalWhy(req)
		if strings.Contains(gotWhy, "matching steps, the most this tool spends") {
			t.Skip("beyond the work limit, which the plain loop does not have")
		}
		wantR, wantWhy := plainEvalWhy(&c, req)
		if gotR != wantR || gotWhy != wantWhy {
			t.Fatalf("%s %q on %q: indexed = %v %q, loop = %v %q", c.Operator, ps, req, gotR, gotWhy, wantR, wantWhy)
		}
	})
}

func TestLiterals(t *testing.T) {
	for _, c := range []struct {
		pattern string
		runs    []string
		exact   bool
	}{
		{"team-*-end", []string{"team-", "-end"}, false},
		{"plain", []string{"plain"}, true},
		{"*", []string{"", ""}, false},
		{"a?b*c", []string{"a", "b", "c"}, false},
		{"*a**b?", []string{"", "a", "b", ""}, false},
		{"a\x00*b*", []string{"a*b", ""}, false},
		{"a\x00*", []string{"a*"}, true},
		{"ab\x00", []string{"ab", ""}, false}, // a lone escape at the end matches nothing
		{"arn:aws:ecs:*:111122223333:task/*", []string{"arn:aws:ecs:", ":111122223333:task/", ""}, false},
	} {
		t.Run(c.pattern, func(t *testing.T) {
			runs, exact := literals(c.pattern)
			if !slices.Equal(runs, c.runs) || exact != c.exact {
				t.Errorf("literals(%q) = %q, %v; want %q, %v", c.pattern, runs, exact, c.runs, c.exact)
			}
		})
	}
}

// TestKeyTable checks the keys found for a string against the keys that
// are its prefixes, over nested and diverging keys.
func TestKeyTable(t *testing.T) {
	keys := []string{"a", "ab", "abc", "abd", "abcd", "b", "ba", "x/y", "x/"}
	m := map[string][]int32{}
	for i, k := range keys {
		m[k] = []int32{int32(i)}
	}
	table := newKeyTable(m)
	for _, s := range []string{"", "a", "abz", "abcdz", "abd", "ab", "bb", "x/yz", "x", "c", "\xff"} {
		var got []int32
		table.each(s, func(p int32) bool { got = append(got, p); return true })
		var want []int32
		for i, k := range keys {
			if strings.HasPrefix(s, k) {
				want = append(want, int32(i))
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("keys that are prefixes of %q: got %v, want %v", s, got, want)
		}
	}
}

// TestFoldKey: strings.EqualFold strings share a key, including the
// Unicode orbits k/K/U+212A and s/S/U+017F and bytes that are not UTF-8,
// which EqualFold reads as utf8.RuneError.
func TestFoldKey(t *testing.T) {
	for _, c := range [][2]string{{"Team", "tEAM"}, {"k", "\u212a"}, {"S", "\u017f"}, {"É", "é"}, {"\xff", "\ufffd"}, {"\xff", "\xfe"}} {
		if !strings.EqualFold(c[0], c[1]) || foldKey(c[0]) != foldKey(c[1]) {
			t.Errorf("%q and %q: EqualFold %v, keys %q %q", c[0], c[1], strings.EqualFold(c[0], c[1]), foldKey(c[0]), foldKey(c[1]))
		}
	}
	if foldKey("a") == foldKey("b") {
		t.Error("a and b share a key")
	}
}

// bulkCase is a condition with n policy values against n request values
// whose result follows from its construction.
type bulkCase struct {
	name   string
	op     string
	value  string // policy value format, %05d is the position
	req    string // request value format
	user   []string
	want   Result
	reason string
}

var bulkCases = []bulkCase{
	{"distinct prefixes, no match", "ForAnyValue:StringLike", "team-%05d-*-end", "team-%05d-x", nil, False, "no value ends with -end"},
	{"distinct suffixes, no match", "ForAnyValue:StringLike", "b*-%05d", "a-%05d", nil, False, "no value starts with b"},
	{"shared prefix, distinct suffixes", "ForAnyValue:StringLike", "team-*-%05d", "team-x-%05dx", nil, False, "every value ends in x"},
	{"every value matches one pattern", "ForAllValues:StringLike", "team-%05d-*", "team-%05d-x", nil, True, "value i matches pattern i"},
	{"no value matches: StringNotLike", "ForAllValues:StringNotLike", "team-%05d-*-end", "team-%05d-x", nil, True, "no value ends with -end"},
	{"ArnLike on bucket ARNs", "ForAnyValue:ArnLike", "arn:aws:s3:::bucket-%05d/*", "arn:aws:s3:::bucket-%05d", nil, False, "no value has a key part"},
	{"ArnNotLike", "ForAnyValue:ArnNotLike", "arn:aws:ecs:*:111122223333:task/c-%05d/*", "arn:aws:ecs:us-east-1:111122223333:task/c-%05d/t", nil, False, "every value matches its pattern"},
	{"patterns without wildcards", "ForAnyValue:StringLike", "tag-%05d", "tag-%05d-", nil, False, "no value equals a pattern"},
	{"StringEquals", "ForAnyValue:StringEquals", "tag-%05d", "tag-%05d-", nil, False, "no value equals a policy value"},
	{"StringEqualsIgnoreCase", "ForAllValues:StringEqualsIgnoreCase", "Tag-%05d", "TAG-%05d", nil, True, "value i folds to policy value i"},
	{"variables substituted per request", "ForAnyValue:StringLike", "${aws:username}-%05d-*-end", "u-%05d-x", []string{"u"}, False, "no value ends with -end"},
	{"variables, every value matches", "ForAllValues:StringLike", "${aws:username}-%05d-*", "u-%05d-x", []string{"u"}, True, "value i matches pattern i"},
}

func (b bulkCase) build(n int) (Condition, ctx) {
	values, reqs := make([]string, n), make([]string, n)
	for i := range n {
		values[i], reqs[i] = fmt.Sprintf(b.value, i), fmt.Sprintf(b.req, i)
	}
	req := ctx{"aws:TagKeys": reqs}
	if b.user != nil {
		req["aws:username"] = b.user
	}
	return Compile(b.op, "aws:TagKeys", values, true), req
}

// TestBulkWorkIsLinear bounds the glob steps of 6,000 policy values
// against 6,000 request values by 50·(P+V): each request value is compared
// only with the few patterns that share its literal ends. The plain loop
// took P·V comparisons (36 million, seconds).
func TestBulkWorkIsLinear(t *testing.T) {
	const n = 6000
	for _, b := range bulkCases {
		t.Run(b.name, func(t *testing.T) {
			c, req := b.build(n)
			var steps atomic.Int64
			restore := glob.CountSteps(&steps)
			got, why := c.EvalWhy(req)
			restore()
			if got != b.want {
				t.Fatalf("%s = %v %q, want %v (%s)", b.op, got, why, b.want, b.reason)
			}
			if limit := int64(50 * (n + n)); steps.Load() > limit {
				t.Errorf("%s took %d glob steps, more than %d", b.op, steps.Load(), limit)
			}
		})
	}
}

// TestBulkFinishes runs every bulk case at 6,000 x 6,000 under a deadline
// far above what they need (milliseconds), so that only a return to
// quadratic work fails it.
func TestBulkFinishes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, b := range bulkCases {
			if ctx.Err() != nil {
				return
			}
			c, req := b.build(6000)
			c.Eval(req)
		}
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("6,000 x 6,000 conditions did not finish within 20 s")
	}
}

// orderedPairs is the shape the index cannot narrow: every pattern
// "*x*y*" (x before y in the alphabet) shares its one-byte runs with 76
// others, and a value holding the alphabet backwards holds every run
// while matching no pattern, so each value is compared with all patterns.
func orderedPairs() (patterns []string, backwards string) {
	var alphabet []byte
	for c := byte('0'); len(alphabet) < 78; c++ {
		if c != '*' && c != '?' {
			alphabet = append(alphabet, c)
		}
	}
	for i := range alphabet {
		for j := i + 1; j < len(alphabet); j++ {
			patterns = append(patterns, "*"+string(alphabet[i])+"*"+string(alphabet[j])+"*")
		}
	}
	slices.Reverse(alphabet)
	return patterns, string(alphabet)
}

// TestWorkBeyondTheLimitIsUnknown: 3,003 "*x*y*" patterns against 6,000
// values that match none took 1.4 billion glob steps (seconds). The
// condition stops at maxSteps and is Unknown, naming the limit
// (docs/model.md: a fact that is not decided is unknown, never a guess);
// a definite match found before the limit still decides.
func TestWorkBeyondTheLimitIsUnknown(t *testing.T) {
	patterns, backwards := orderedPairs()
	values := make([]string, 6000)
	for i := range values {
		values[i] = backwards
	}
	for _, op := range []string{"ForAnyValue:StringLike", "ForAllValues:StringNotLike"} {
		c := Compile(op, "aws:TagKeys", patterns, true)
		var steps atomic.Int64
		restore := glob.CountSteps(&steps)
		got, why := c.EvalWhy(ctx{"aws:TagKeys": values})
		restore()
		if got != Unknown || !strings.Contains(why, "more than 16777216 matching steps") {
			t.Errorf("%s = %v %q, want Unknown naming the limit", op, got, why)
		}
		// One comparison more than the limit at most: each takes about
		// 2*78 steps here.
		if steps.Load() > maxSteps+1000 {
			t.Errorf("%s took %d glob steps, the limit is %d", op, steps.Load(), maxSteps)
		}
	}
	c := Compile("ForAnyValue:StringLike", "aws:TagKeys", patterns, true)
	values[0] = "0" + backwards + "1"
	if got, why := c.EvalWhy(ctx{"aws:TagKeys": values}); got != True {
		t.Errorf("with a first value that matches: EvalWhy = %v %q, want True", got, why)
	}
}

// metered is a request context with a Budget shared by its conditions.
type metered struct {
	ctx
	left, spent int64
}

func (m *metered) StepsLeft() int64   { return m.left - m.spent }
func (m *metered) SpendSteps(n int64) { m.spent += n }

// TestBudgetIsShared: conditions evaluated against one Budget spend from
// it, and a condition with less left than its work is Unknown naming the
// evaluation's limit; without a Budget each condition has maxSteps.
func TestBudgetIsShared(t *testing.T) {
	c, req := bulkCases[0].build(600)
	m := &metered{ctx: req, left: 1 << 30}
	if got, why := c.EvalWhy(m); got != False || m.spent == 0 {
		t.Fatalf("with budget to spare: EvalWhy = %v %q, spent %d; want False, some spent", got, why, m.spent)
	}
	m.left = m.spent * 3 / 2 // room for half of the next evaluation
	got, why := c.EvalWhy(m)
	if got != Unknown || !strings.Contains(why, "left of what this tool spends on one evaluation") {
		t.Errorf("with half the work left: EvalWhy = %v %q, want Unknown naming the evaluation's limit", got, why)
	}
	if got, why := c.EvalWhy(m); got != Unknown || !strings.Contains(why, "the conditions before it spent") {
		t.Errorf("with nothing left: EvalWhy = %v %q, want Unknown naming the conditions before it", got, why)
	}
	if got, _ := c.EvalWhy(req); got != False {
		t.Errorf("without a Budget: EvalWhy = %v, want False", got)
	}
}

// TestOneHostileMatchIsBounded: one pattern "*aaaa…b" against a long run
// of a costs len(pattern)·len(value) glob steps (5·10^9 here); the limit
// stops that single match too.
func TestOneHostileMatchIsBounded(t *testing.T) {
	p := "*" + strings.Repeat("a", 5000) + "b"
	v := strings.Repeat("a", 1<<20)
	for _, op := range []string{"StringLike", "ArnLike"} {
		c := Compile(op, "aws:userid", []string{p}, true)
		var steps atomic.Int64
		restore := glob.CountSteps(&steps)
		got, why := c.EvalWhy(ctx{"aws:userid": {v}})
		restore()
		if got != Unknown || !strings.Contains(why, "matching steps") {
			t.Errorf("%s = %v %q, want Unknown naming the limit", op, got, why)
		}
		if steps.Load() > maxSteps+int64(len(p))+2 {
			t.Errorf("%s took %d glob steps, the limit is %d", op, steps.Load(), maxSteps)
		}
	}
}
