package awstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// account is one AWS account's data: a snapshot document.
type account struct {
	id, region, partition string
	callerARN             string
	doc                   map[string]map[string]any // section -> operation -> response(s)
}

func parseAccount(doc []byte) (*account, error) {
	var top map[string]any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("snapshot document: %w", err)
	}
	a := &account{doc: map[string]map[string]any{}, partition: "aws"}
	a.id, _ = top["accountId"].(string)
	a.region, _ = top["region"].(string)
	if p, ok := top["partition"].(string); ok && p != "" {
		a.partition = p
	}
	for k, v := range top {
		if m, ok := v.(map[string]any); ok {
			a.doc[k] = m
		}
	}
	if a.id == "" {
		a.id = "123456789012"
	}
	a.callerARN = "arn:" + a.partition + ":iam::" + a.id + ":user/awstest"
	return a, nil
}

// entries returns the responses of op: an array's elements, or the one
// response object.
func (a *account) entries(section, op string) ([]map[string]any, bool) {
	v, ok := a.doc[section][op]
	if !ok {
		return nil, false
	}
	switch x := v.(type) {
	case []any:
		var out []map[string]any
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out, true
	case map[string]any:
		return []map[string]any{x}, true
	}
	return nil, true
}

// items returns the list listKey across every page of a list operation.
func (a *account) items(section, op, listKey string) []any {
	pages, _ := a.entries(section, op)
	var out []any
	for _, p := range pages {
		if l, ok := p[listKey].([]any); ok {
			out = append(out, l...)
		}
	}
	return out
}

// find returns the first entry of op whose value at path equals one of ids.
func (a *account) find(section, op, path string, ids ...string) (map[string]any, bool) {
	entries, _ := a.entries(section, op)
	for _, e := range entries {
		for _, v := range values(e, path) {
			for _, id := range ids {
				if id != "" && v == id {
					return e, true
				}
			}
		}
	}
	return nil, false
}

// merged joins the responses of a per-resource listing that match: a
// snapshot may hold a resource's listing as several pages (docs/snapshot.md,
// "a listing that still carries NextToken"). Lists under listKey are
// concatenated; the other fields are the first page's.
func (a *account) merged(section, op, listKey string, match func(map[string]any) bool) (map[string]any, bool) {
	entries, _ := a.entries(section, op)
	var out map[string]any
	for _, e := range entries {
		if !match(e) {
			continue
		}
		if out == nil {
			out = map[string]any{}
			for k, v := range e {
				out[k] = v
			}
			out[listKey] = []any{}
		}
		l, _ := e[listKey].([]any)
		out[listKey] = append(out[listKey].([]any), l...)
	}
	return out, out != nil
}

// values returns the scalar values at a dotted path of JSON objects,
// flattening arrays on the way, as text.
func values(v any, path string) []string {
	if path == "" {
		switch x := v.(type) {
		case string:
			return []string{x}
		case json.Number:
			return []string{x.String()}
		case bool:
			return []string{strconv.FormatBool(x)}
		case []any:
			var out []string
			for _, e := range x {
				out = append(out, values(e, "")...)
			}
			return out
		}
		return nil
	}
	head, rest, _ := strings.Cut(path, ".")
	switch x := v.(type) {
	case map[string]any:
		return values(x[head], rest)
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, values(e, path)...)
		}
		return out
	}
	return nil
}

func str(m map[string]any, path string) string {
	if v := values(m, path); len(v) > 0 {
		return v[0]
	}
	return ""
}

// page cuts items to one page. token is the request's continuation token
// (an offset this server issued), max the request's page size (0: none);
// WithPageSize caps it. next is "" on the last page.
func (r *request) page(items []any, token string, max int) (out []any, next string, err error) {
	start := 0
	if token != "" {
		n, ok := strings.CutPrefix(token, "awstest-")
		i, perr := strconv.Atoi(n)
		if !ok || perr != nil || i < 0 || i > len(items) {
			return nil, "", errorf(400, invalidTokenCode(r.service), "Invalid pagination token %q", token)
		}
		start = i
	}
	size := len(items) - start
	if max > 0 && max < size {
		size = max
	}
	if ps := r.s.pageSize; ps > 0 && ps < size {
		size = ps
	}
	end := start + size
	if end < len(items) {
		next = "awstest-" + strconv.Itoa(end)
	}
	return items[start:end], next, nil
}

func invalidTokenCode(service string) string {
	switch service {
	case "ec2":
		return "InvalidPaginationToken"
	case "iam", "sts", "s3", "route53":
		return "InvalidInput"
	case "ssm", "ecr", "logs", "secretsmanager", "organizations":
		return "InvalidNextTokenException"
	case "kms":
		return "InvalidMarkerException"
	}
	return "InvalidParameterException"
}

// glob reports whether s matches the EC2 filter value pattern p: "*" any
// run, "?" one character (EC2-APIRef "DescribeVpcs": "Filter values are
// case-sensitive ... you can use wildcards"). It backtracks only to the last
// "*", so it takes O(len(p)*len(s)) at worst.
func glob(p, s string) bool {
	px, sx := 0, 0
	starPx, starSx := -1, 0
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			switch c := p[px]; {
			case c == '*':
				starPx, starSx = px, sx
				px++
				continue
			case c == '?' && sx < len(s):
				_, n := utf8.DecodeRuneInString(s[sx:])
				px++
				sx += n
				continue
			case c != '?' && sx < len(s) && s[sx] == c:
				px++
				sx++
				continue
			}
		}
		if starPx >= 0 && starSx < len(s) {
			starSx++
			px, sx = starPx+1, starSx
			continue
		}
		return false
	}
	return true
}
