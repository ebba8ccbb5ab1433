package cond

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

// minIndexed is the number of values from which a condition indexes them;
// below it the plain loop over the values is as fast.
const minIndexed = 8

// index narrows the policy values a request value is compared with, so
// that P policy values against V request values cost about P+V
// comparisons instead of P·V (a ForAnyValue:StringLike with thousands of
// patterns on both sides). It only proposes candidates: the caller still
// compares each with the operator's own matcher, so an index can make
// evaluation faster but never changes a decision. Every value it holds is
// free of stand-ins; the caller compares those one by one.
//
// A pattern without wildcards is found by its text. A pattern with
// wildcards can only match a value that starts with its literal prefix
// (the text before the first wildcard), ends with its literal suffix (the
// text after the last one) and contains each literal run in between:
// glob.Match compares those bytes one for one, and glob.MatchARN compares
// each colon-separated segment the same way, so a run that spans colons
// still appears whole. Each pattern is filed under one of these keys, its
// prefix, its suffix or a short substring of a run (a gram), whichever
// the fewest patterns share, so that patterns with one common prefix
// ("arn:aws:ecs:*:111122223333:task/c-N/*") are told apart by what differs.
// Patterns with no literal text ("*", "?*") are candidates for every value.
type index struct {
	fold     bool               // exact keys compare case-insensitively
	exact    map[string][]int32 // positions by text (by foldKey when fold)
	prefix   keyTable           // positions by literal prefix
	suffix   keyTable           // positions by reversed literal suffix
	grams    map[string][]int32 // positions by a substring of a literal run
	gramLens []int              // the lengths of the grams keys, ascending
	rest     []int32            // positions of patterns with no literal text
}

// gramLens are the lengths of substrings a pattern may be filed under.
var gramSizes = []int{1, 2, 3, 4, 6, 8, 12, 16}

// item is a policy value and its position in the condition's values.
type item struct {
	pos int32
	s   string
}

// newIndex indexes values for kind: equality (case-insensitive for
// kStringIgnoreCase and kBool) or wildcard patterns (kStringLike, kARN).
func newIndex(k kind, items []item) *index {
	x := &index{exact: make(map[string][]int32)}
	switch k {
	case kStringIgnoreCase, kBool:
		x.fold = true
		fallthrough
	case kString, kBinary:
		for _, it := range items {
			key := it.s
			if x.fold {
				key = foldKey(key)
			}
			x.exact[key] = append(x.exact[key], it.pos)
		}
		return x
	}
	var patterns []item
	var runs [][]string
	nPrefix, nSuffix, nGram := map[string]int{}, map[string]int{}, map[string]int{}
	for _, it := range items {
		r, exact := literals(it.s)
		if exact {
			x.exact[r[0]] = append(x.exact[r[0]], it.pos)
			continue
		}
		patterns = append(patterns, it)
		runs = append(runs, r)
		nPrefix[r[0]]++
		nSuffix[r[len(r)-1]]++
		eachGram(r, func(g string) bool { nGram[g]++; return true })
	}
	byPrefix, bySuffix := map[string][]int32{}, map[string][]int32{}
	x.grams = map[string][]int32{}
	lens := map[int]bool{}
	for i, it := range patterns {
		r := runs[i]
		p, s := r[0], r[len(r)-1]
		// The key the fewest patterns share; an empty end is no key.
		best, n := "", len(items)+1
		where := 0 // 1 prefix, 2 suffix, 3 gram
		if p != "" {
			best, n, where = p, nPrefix[p], 1
		}
		if s != "" && nSuffix[s] < n {
			best, n, where = s, nSuffix[s], 2
		}
		eachGram(r, func(g string) bool {
			if c := nGram[g]; c < n || c == n && where == 3 && len(g) > len(best) {
				best, n, where = g, c, 3
			}
			return n > 1
		})
		switch where {
		case 0:
			x.rest = append(x.rest, it.pos)
		case 1:
			byPrefix[best] = append(byPrefix[best], it.pos)
		case 2:
			key := reverse(best)
			bySuffix[key] = append(bySuffix[key], it.pos)
		case 3:
			x.grams[best] = append(x.grams[best], it.pos)
			lens[len(best)] = true
		}
	}
	x.prefix, x.suffix = newKeyTable(byPrefix), newKeyTable(bySuffix)
	x.gramLens = slices.Sorted(maps.Keys(lens))
	return x
}

// eachGram calls fn with every substring of the runs whose length is in
// gramSizes until fn returns false.
func eachGram(runs []string, fn func(string) bool) {
	for _, r := range runs {
		for _, q := range gramSizes {
			for i := 0; i+q <= len(r); i++ {
				if !fn(r[i : i+q]) {
					return
				}
			}
		}
	}
}

// each calls fn with the position of every indexed value that may match
// v, in no particular order and each once, until fn returns false.
func (x *index) each(v string, fn func(int32) bool) {
	key := v
	if x.fold {
		key = foldKey(v)
	}
	for _, p := range x.exact[key] {
		if !fn(p) {
			return
		}
	}
	if !x.prefix.each(v, fn) {
		return
	}
	if len(x.suffix.keys) > 0 && !x.suffix.each(reverse(v), fn) {
		return
	}
	// The grams already visited, v may repeat one: a few in a slice on
	// the stack, more in a map.
	var few [8]string
	seen, many := few[:0], map[string]bool(nil)
	for _, q := range x.gramLens {
		for i := 0; i+q <= len(v); i++ {
			g := v[i : i+q]
			ps, ok := x.grams[g]
			if !ok || slices.Contains(seen, g) || many[g] {
				continue
			}
			switch {
			case many != nil:
				many[g] = true
			case len(seen) < len(few):
				seen = append(seen, g)
			default:
				many = map[string]bool{g: true}
			}
			for _, p := range ps {
				if !fn(p) {
					return
				}
			}
		}
	}
	for _, p := range x.rest {
		if !fn(p) {
			return
		}
	}
}

// literals returns the literal runs of a glob pattern (escaped with
// glob.Esc), unescaped: the text before the first wildcard, between
// wildcards and after the last, the first and the last possibly empty.
// exact reports a pattern with no wildcard, which matches its one run
// only. A lone Esc at the end, which matches nothing, ends a run like a
// wildcard: the runs it leaves are still in every match.
func literals(p string) (runs []string, exact bool) {
	var b []byte
	exact = true
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == glob.Esc && i+1 < len(p):
			i++
			b = append(b, p[i])
		case c == '*' || c == '?' || c == glob.Esc:
			if exact || len(b) > 0 {
				runs = append(runs, string(b))
			}
			exact = false
			b = b[:0]
		default:
			b = append(b, c)
		}
	}
	return append(runs, string(b)), exact
}

// keyTable finds the keys that are prefixes of a string. The keys are
// sorted; those that are prefixes of s are the largest key k <= s and the
// keys on k's chain of parents (each parent the longest other key that is
// a prefix of its child) that are no longer than the text k and s share:
// every key between a prefix of s and s itself starts with that prefix.
type keyTable struct {
	keys   []string
	parent []int32
	items  [][]int32
}

func newKeyTable(m map[string][]int32) keyTable {
	t := keyTable{keys: slices.Sorted(maps.Keys(m))}
	t.parent = make([]int32, len(t.keys))
	t.items = make([][]int32, len(t.keys))
	var chain []int32 // keys each a prefix of the next, ending at the previous key
	for i, k := range t.keys {
		for len(chain) > 0 && !strings.HasPrefix(k, t.keys[chain[len(chain)-1]]) {
			chain = chain[:len(chain)-1]
		}
		t.parent[i] = -1
		if len(chain) > 0 {
			t.parent[i] = chain[len(chain)-1]
		}
		chain = append(chain, int32(i))
		t.items[i] = m[k]
	}
	return t
}

// each calls fn with the items of every key that is a prefix of s; it
// reports false when fn stopped it.
func (t *keyTable) each(s string, fn func(int32) bool) bool {
	i, found := slices.BinarySearch(t.keys, s)
	if !found {
		i--
	}
	if i < 0 {
		return true
	}
	shared := commonPrefix(t.keys[i], s)
	for j := int32(i); j >= 0; j = t.parent[j] {
		if len(t.keys[j]) > shared {
			continue
		}
		for _, p := range t.items[j] {
			if !fn(p) {
				return false
			}
		}
	}
	return true
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// reverse reverses the bytes of s.
func reverse(s string) string {
	b := []byte(s)
	slices.Reverse(b)
	return string(b)
}

// foldKey maps s to a text that is the same for every string
// strings.EqualFold finds equal to s: each rune (utf8.RuneError for a
// byte that is not UTF-8, as EqualFold reads it) becomes the smallest rune
// of its unicode.SimpleFold orbit.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}
