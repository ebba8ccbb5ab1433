package iam

import (
	"strings"
	"testing"
)

func TestParseShapes(t *testing.T) {
	tests := []struct {
		name string
		doc  string
	}{
		{"IAM-UG Version: element is optional", `{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`},
		{"IAM-UG Statement: a single object", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}}`},
		{"IAM-UG Statement: a list, Action as a list", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":["arn:aws:ecr:us-east-1:111122223333:repository/app"]}]}`},
		{"IAM-UG Principal: \"*\"", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`},
		{"IAM-UG Principal: AWS account id, root ARN, role and session ARNs in a list", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:role/r","arn:aws:sts::111122223333:assumed-role/r/s"]},"Action":"ecr:BatchGetImage"}]}`},
		{"ECS-DG task execution role: trust policy with Service principal and empty Sid", `{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`},
		{"IAM-UG Principal: Federated and CanonicalUser", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`},
		{"IAM-UG NotPrincipal with Deny", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"*","Resource":"*"}]}`},
		{"IAM-UG Condition: number and boolean values are accepted", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}}}]}`},
		{"IAM-UG Condition: unknown operator parses (Unknown at evaluation)", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEqualsMaybe":{"aws:SourceVpce":"vpce-1"}}}]}`},
		{"IAM-UG Statement: empty list grants nothing", `{"Version":"2012-10-17","Statement":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("P", []byte(tt.doc))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.Name() != "P" {
				t.Errorf("Name() = %q", p.Name())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // the whole error, or a prefix ending in "..."
	}{
		{"IAM-UG Effect: case-sensitive", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*"},{"Effect":"Allow","Action":"a:b","Resource":"*"},{"Effect":"allow","Action":"a:b","Resource":"*"}]}`,
			`policy "AppPolicy": $.Statement[2].Effect: must be "Allow" or "Deny", got "allow"`},
		{"IAM-UG Effect: required", `{"Statement":{"Action":"a:b","Resource":"*"}}`,
			`policy "AppPolicy": $.Statement[0]: missing "Effect"`},
		{"IAM-UG Action: Action and NotAction are exclusive", `{"Statement":{"Effect":"Allow","Action":"a:b","NotAction":"a:c","Resource":"*"}}`,
			`policy "AppPolicy": $.Statement[0]: has both "Action" and "NotAction"`},
		{"IAM-UG Action: one of Action or NotAction is required", `{"Statement":{"Effect":"Allow","Resource":"*"}}`,
			`policy "AppPolicy": $.Statement[0]: missing "Action" or "NotAction"`},
		{"IAM: actions must be prefaced by a vendor", `{"Statement":{"Effect":"Allow","Action":["s3:GetObject","GetObject"],"Resource":"*"}}`,
			`policy "AppPolicy": $.Statement[0].Action[1]: "GetObject" has no service prefix (want "service:action")`},
		{"IAM-UG NotPrincipal: not supported with Allow", `{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}}`,
			`policy "AppPolicy": $.Statement[0].NotPrincipal: only allowed with "Effect": "Deny"`},
		{"IAM-UG Principal: a string principal must be \"*\"", `{"Statement":{"Effect":"Allow","Principal":"111122223333","Action":"s3:*"}}`,
			`policy "AppPolicy": $.Statement[0].Principal: a string principal must be "*", got "111122223333" (use {"AWS": "111122223333"})`},
		{"IAM-UG Principal: unknown principal type", `{"Statement":{"Effect":"Allow","Principal":{"Aws":"*"},"Action":"s3:*"}}`,
			`policy "AppPolicy": $.Statement[0].Principal.Aws: unknown element (element names are case-sensitive: "AWS")`},
		{"IAM-UG grammar: element names are case-sensitive", `{"Statement":{"effect":"Allow","Action":"s3:*"}}`,
			`policy "AppPolicy": $.Statement[0].effect: unknown element (element names are case-sensitive: "Effect")`},
		{"IAM-UG Version: only two values", `{"Version":"2012-10-18","Statement":[]}`,
			`policy "AppPolicy": $.Version: must be "2012-10-17" or "2008-10-17", got "2012-10-18"`},
		{"IAM-UG Statement: required", `{"Version":"2012-10-17"}`,
			`policy "AppPolicy": missing "Statement"`},
		{"malformed JSON names the position", "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}",
			`policy "AppPolicy": malformed JSON at line 3, column 24: invalid character '}' looking for beginning of object key string`},
		{"truncated JSON names the end of input", `{"Statement":`,
			`policy "AppPolicy": malformed JSON at line 1, column 14: unexpected end of input: the document is truncated`},
		{"empty document", " \n ",
			`policy "AppPolicy": empty document`},
		{"trailing data after the document", `{"Statement":[]} {}`,
			`policy "AppPolicy": malformed JSON: unexpected data after the document at line 1, column 18`},
		{"document must be an object", `["Statement"]`,
			`policy "AppPolicy": document must be a JSON object, got a list`},
		{"condition values must be scalars", `{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":{"StringEquals":{"k":{"x":1}}}}}`,
			`policy "AppPolicy": $.Statement[0].Condition.StringEquals["k"]: must be a string, number or boolean, got an object`},
		{"NUL characters are rejected", `{"Statement":{"Effect":"Allow","Action":"s3:Get\u0000Object"}}`,
			`policy "AppPolicy": $.Statement[0].Action: contains a NUL character`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("AppPolicy", []byte(tt.doc))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err, tt.want)
			}
		})
	}
}

func TestParseHostile(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"size cap is stated", `{"Statement":[` + strings.Repeat(" ", MaxPolicySize) + `]}`, "more than the 1048576 this tool reads"},
		{"deep nesting errors, never panics", strings.Repeat("[", 200000) + strings.Repeat("]", 200000), "malformed JSON"},
		{"deep nesting inside a condition", `{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":` + strings.Repeat(`{"a":`, 50000) + "1" + strings.Repeat("}", 50000) + `}}`, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("H", []byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
