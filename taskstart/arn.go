package taskstart

import "strings"

// arnParts splits an ARN into its six fields; ok is false for anything else.
type arnParts struct {
	partition, service, region, account, resource string
}

func parseARN(s string) (arnParts, bool) {
	// An array, not splitARN's slice: a bulk run parses an ARN for most
	// calls.
	var f [6]string
	if cutARN(s, f[:]) != len(f) || f[0] != "arn" {
		return arnParts{}, false
	}
	return arnParts{partition: f[1], service: f[2], region: f[3], account: f[4], resource: f[5]}, true
}

// splitARN splits s at colons, into at most n fields (n < 0: all), as
// strings.SplitN does, except inside stand-ins: "<unresolved
// AWS::AccountId>" is one field.
func splitARN(s string, n int) []string {
	if n == 0 {
		return nil
	}
	if n < 0 {
		n = strings.Count(s, ":") + 1
	}
	f := make([]string, n)
	return f[:cutARN(s, f)]
}

// cutARN is splitARN into f, whose length is the most fields: the last
// holds the rest of s. It returns how many fields it filled. A NUL in s
// reads as a colon within its field, as it always has: stand-ins were
// once masked with NUL (FuzzSplitARN keeps that reference).
func cutARN(s string, f []string) int {
	n, start, inside := 0, 0, 0
	for i := 0; i < len(s) && n < len(f)-1; i++ {
		switch {
		case strings.HasPrefix(s[i:], "<unresolved "):
			inside++
		case s[i] == '>' && inside > 0:
			inside--
		case s[i] == ':' && inside == 0:
			f[n], start = s[start:i], i+1
			n++
		}
	}
	f[n] = s[start:]
	n++
	if strings.Contains(s, "\x00") {
		for i := range n {
			f[i] = strings.ReplaceAll(f[i], "\x00", ":")
		}
	}
	return n
}

// accountOf returns the account field of an ARN, or "".
func accountOf(arn string) string {
	p, _ := parseARN(arn)
	return p.account
}

// roleNameOf returns the role name (without path) of a role ARN.
func roleNameOf(arn string) string {
	p, ok := parseARN(arn)
	if !ok {
		return arn
	}
	return lastSegment(p.resource)
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// sessionARN is the ARN of a role session as AWS prints it in
// AccessDenied messages: the role's path is dropped.
func sessionARN(roleARN, roleName, session string) string {
	p, ok := parseARN(roleARN)
	if !ok {
		return roleARN
	}
	return "arn:" + p.partition + ":sts::" + p.account + ":assumed-role/" + roleName + "/" + session
}

func partitionOr(p string) string {
	if p == "" {
		return "aws"
	}
	return p
}
