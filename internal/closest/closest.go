// Package closest finds the known name a mistyped one was meant to be, for
// "did you mean" hints in input errors.
package closest

import "strings"

// maxLen bounds the names compared: no known name is longer than a few
// words, and a longer one from the input costs no quadratic work.
const maxLen = 64

// Name returns the name of known nearest to k: one that differs only in
// case, or else the nearest within an edit distance of 2 (a typo such as
// "Condtion" or "Efect"), or "" when none is that near.
func Name(k string, known []string) string {
	for _, e := range known {
		if strings.EqualFold(e, k) {
			return e
		}
	}
	if len(k) > maxLen {
		return ""
	}
	best, dist := "", 3
	lk := strings.ToLower(k)
	for _, e := range known {
		if len(e) > maxLen {
			continue
		}
		if d := Distance(lk, strings.ToLower(e)); d < dist {
			best, dist = e, d
		}
	}
	return best
}

// Distance is the Levenshtein distance of a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
