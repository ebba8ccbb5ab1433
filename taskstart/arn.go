package taskstart

import "strings"

// arnParts splits an ARN into its six fields; ok is false for anything else.
type arnParts struct {
	partition, service, region, account, resource string
}

func parseARN(s string) (arnParts, bool) {
	// splitARN(s, 6) without its slice and copies: a bulk run parses an
	// ARN for most calls. The fields are cut at the first five colons
	// outside stand-ins, found as splitARN finds them. (A NUL, which
	// splitARN turns into a colon, takes its way.)
	var f [6]string
	if strings.Contains(s, "\x00") {
		if n := copy(f[:], splitARN(s, 6)); n != 6 {
			return arnParts{}, false
		}
	} else {
		n, start, inside := 0, 0, 0
		for i := 0; i < len(s) && n < 5; i++ {
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
		if n != 5 {
			return arnParts{}, false
		}
		f[5] = s[start:]
	}
	if f[0] != "arn" {
		return arnParts{}, false
	}
	return arnParts{partition: f[1], service: f[2], region: f[3], account: f[4], resource: f[5]}, true
}

// splitARN splits s at colons, into at most n fields (n < 0: all), as
// strings.SplitN does, except inside stand-ins: "<unresolved
// AWS::AccountId>" is one field.
func splitARN(s string, n int) []string {
	const sep = "\x00"
	if !strings.Contains(s, "<unresolved ") && !strings.Contains(s, sep) {
		// Nothing to mask: the common case, without copies.
		return strings.SplitN(s, ":", n)
	}
	masked, inside := []byte(s), 0
	for i := 0; i < len(masked); i++ {
		switch {
		case strings.HasPrefix(s[i:], "<unresolved "):
			inside++
		case masked[i] == '>' && inside > 0:
			inside--
		case masked[i] == ':' && inside > 0:
			masked[i] = sep[0]
		}
	}
	f := strings.SplitN(string(masked), ":", n)
	for i := range f {
		f[i] = strings.ReplaceAll(f[i], sep, ":")
	}
	return f
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
