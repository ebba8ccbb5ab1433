package cond

import (
	"fmt"
	"testing"
)

// hostileLike builds n policy patterns and n request values of the shape
// the quadratic-time report measured: every value shares the patterns'
// leading text, none matches, so ForAnyValue must rule out every pair.
func hostileLike(n int) (patterns, values []string) {
	for i := range n {
		patterns = append(patterns, fmt.Sprintf("team-%05d-*", i))
		values = append(values, fmt.Sprintf("team-%05d", i))
	}
	return patterns, values
}

func BenchmarkForAnyValueStringLike(b *testing.B) {
	for _, n := range []int{100, 1000, 6000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			patterns, values := hostileLike(n)
			c := Compile("ForAnyValue:StringLike", "aws:TagKeys", patterns, true)
			req := ctx{"aws:TagKeys": values}
			b.ReportAllocs()
			for b.Loop() {
				if r := c.Eval(req); r != False {
					b.Fatalf("Eval = %v, want False", r)
				}
			}
		})
	}
}

// BenchmarkForAnyValueArnNotLike: ECS task ARN patterns with a wildcard
// region that share their literal prefix; each request value matches its
// own pattern, so every value is compared with the patterns that may
// match it.
func BenchmarkForAnyValueArnNotLike(b *testing.B) {
	for _, n := range []int{100, 1000, 6000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var patterns, values []string
			for i := range n {
				patterns = append(patterns, fmt.Sprintf("arn:aws:ecs:*:111122223333:task/c-%05d/*", i))
				values = append(values, fmt.Sprintf("arn:aws:ecs:us-east-1:111122223333:task/c-%05d/t", i))
			}
			c := Compile("ForAnyValue:ArnNotLike", "aws:SourceArn", patterns, true)
			req := ctx{"aws:SourceArn": values}
			b.ReportAllocs()
			for b.Loop() {
				if r := c.Eval(req); r != False {
					b.Fatalf("Eval = %v, want False", r)
				}
			}
		})
	}
}
