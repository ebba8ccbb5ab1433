package taskstart

import "strings"

// smRef is a Secrets Manager reference in a container's secrets[].valueFrom:
// arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:json-key[:version-stage[:version-id]]]
// (ECS-DG "Pass Secrets Manager secrets through environment variables").
type smRef struct {
	arn          string // the secret's ARN, without the suffixes
	region       string
	account      string
	partition    string
	name         string // the name as written, possibly with the -XXXXXX suffix
	jsonKey      string
	versionStage string
	versionID    string
}

func (r smRef) hasSuffix() bool {
	return r.jsonKey != "" || r.versionStage != "" || r.versionID != ""
}

// parseSecretsManagerRef reads a Secrets Manager ARN with its optional
// suffixes; ok is false for anything that is not a Secrets Manager ARN.
func parseSecretsManagerRef(s string) (smRef, bool) {
	f := splitARN(s, -1)
	if len(f) < 7 || f[0] != "arn" || f[2] != "secretsmanager" || f[5] != "secret" || f[6] == "" || len(f) > 10 {
		return smRef{}, false
	}
	r := smRef{
		arn:       strings.Join(f[:7], ":"),
		partition: f[1],
		region:    f[3],
		account:   f[4],
		name:      f[6],
	}
	if len(f) > 7 {
		r.jsonKey = f[7]
	}
	if len(f) > 8 {
		r.versionStage = f[8]
	}
	if len(f) > 9 {
		r.versionID = f[9]
	}
	return r, true
}

// ssmRef is an SSM Parameter Store reference: a name (same region) or an
// ARN arn:aws:ssm:REGION:ACCOUNT:parameter/NAME (ECS-DG "Pass Systems
// Manager parameters through environment variables").
type ssmRef struct {
	name    string // as the parameter is named: "/app/db" or "db"
	arn     string
	region  string
	account string
}

// parseSSMRef reads valueFrom as a parameter; anything that is not a
// Secrets Manager ARN is one.
func parseSSMRef(s, region, account, partition string) ssmRef {
	if p, ok := parseARN(s); ok && p.service == "ssm" {
		name := strings.TrimPrefix(p.resource, "parameter")
		if !strings.HasPrefix(name, "/") {
			name = "/" + name
		}
		// A parameter "db" has the ARN ".../parameter/db"; "/app/db" has
		// ".../parameter/app/db". Names without a leading slash lose it.
		if strings.Count(name, "/") == 1 {
			name = name[1:]
		}
		return ssmRef{name: name, arn: s, region: p.region, account: p.account}
	}
	arn := "arn:" + partitionOr(partition) + ":ssm:" + region + ":" + account + ":parameter/" + strings.TrimPrefix(s, "/")
	return ssmRef{name: s, arn: arn, region: region, account: account}
}

// isSSM reports whether a valueFrom names an SSM parameter.
func isSSM(valueFrom string) bool {
	_, sm := parseSecretsManagerRef(valueFrom)
	return !sm
}
