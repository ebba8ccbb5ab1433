package policy

import (
	"strings"
	"testing"
)

func TestParseElements(t *testing.T) {
	p, err := Parse([]byte(`{"Version":"2012-10-17","Id":"key-default-1","Statement":[
		{"Sid":"A","Effect":"Allow","NotAction":"IAM:*","NotResource":["arn:aws:s3:::b/*"]},
		{"Effect":"Deny","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root","arn:aws-cn:iam::555566667777:root","arn:aws:iam::111122223333:role/r","*"],"Service":"ecs-tasks.amazonaws.com","Federated":"cognito-identity.amazonaws.com"},"Action":"s3:GetObject","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":[10,"20"]}}}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != Version2012 || p.ID != "key-default-1" || !p.Vars() {
		t.Errorf("Version %q Id %q Vars %v", p.Version, p.ID, p.Vars())
	}
	if len(p.Statements) != 2 {
		t.Fatalf("%d statements", len(p.Statements))
	}
	a, d := p.Statements[0], p.Statements[1]
	// IAM-UG "IAM JSON policy elements: Action": action names are not
	// case-sensitive, so they are stored lower-cased.
	if a.ID != "A" || !a.Allow || !a.NotAction || !a.NotResource || a.actions[0] != "iam:*" {
		t.Errorf("statement A = %+v", a)
	}
	// A statement without Sid is named by its place.
	if d.ID != "Statement[1]" || d.Allow || !d.hasPrincipal {
		t.Errorf("statement 1 = %+v", d)
	}
	// IAM-UG "AWS JSON policy elements: Principal": an account id and the
	// account's root ARN (any partition) both name the account.
	if got := strings.Join(d.principals.accounts, ","); got != "111122223333,444455556666,555566667777" {
		t.Errorf("accounts = %s", got)
	}
	if !d.principals.any || len(d.principals.arns) != 1 || len(d.principals.services) != 1 || len(d.principals.other) != 1 {
		t.Errorf("principals = %+v", d.principals)
	}
	if len(d.Conditions) != 2 {
		t.Errorf("conditions = %d", len(d.Conditions))
	}
}

func TestParseVersion2008(t *testing.T) {
	// IAM-UG "IAM JSON policy elements: Version": variables are literal
	// text in 2008-10-17 policies and in policies without a Version.
	for _, doc := range []string{`{"Version":"2008-10-17","Statement":[]}`, `{"Statement":[]}`} {
		p, err := Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if p.Vars() {
			t.Errorf("%s: Vars() = true", doc)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"IAM-UG grammar: unknown top-level element", `{"Statment":[]}`, `$.Statment: unknown element; did you mean "Statement"? (want one of Version, Id, Statement)`},
		{"IAM-UG grammar: of several unknown elements the first in sorted order is named", `{"Statement":[{"Zed":1,"Effect":"Allow","Action":"s3:*","Condtion":{}}]}`, `$.Statement[0].Condtion: unknown element; did you mean "Condition"? (want one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)`},
		{"IAM-UG grammar: element names are case-sensitive", `{"statement":[]}`, `$.statement: unknown element (element names are case-sensitive: "Statement")`},
		{"IAM-UG Version: must be a string", `{"Version":2012,"Statement":[]}`, `$.Version: must be "2012-10-17" or "2008-10-17", got a number`},
		{"IAM-UG Id: must be a string", `{"Id":true,"Statement":[]}`, `$.Id: must be a string, got a boolean`},
		{"IAM-UG Statement: a string is not a statement", `{"Statement":"x"}`, `$.Statement: must be an object or a list of objects, got a string`},
		{"IAM-UG Statement: list members are objects", `{"Statement":[null]}`, `$.Statement[0]: must be an object, got null`},
		{"IAM-UG Sid: must be a string", `{"Statement":{"Sid":1,"Effect":"Allow","Action":"s3:*"}}`, `$.Statement[0].Sid: must be a string, got a number`},
		{"IAM-UG Effect: not a string", `{"Statement":{"Effect":true,"Action":"s3:*"}}`, `$.Statement[0].Effect: must be "Allow" or "Deny", got a boolean`},
		{"IAM-UG Action: empty list", `{"Statement":{"Effect":"Allow","Action":[]}}`, `$.Statement[0].Action: is an empty list`},
		{"IAM-UG Action: list members are strings", `{"Statement":{"Effect":"Allow","Action":["s3:*",1]}}`, `$.Statement[0].Action[1]: must be a string, got a number`},
		{"IAM-UG Action: an object is not an action", `{"Statement":{"Effect":"Allow","Action":{}}}`, `$.Statement[0].Action: must be a string or a list of strings, got an object`},
		{"IAM-UG Action: NUL in a list member", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:\\u0000\"]}}", `$.Statement[0].Action[0]: contains a NUL character`},
		{"IAM-UG Resource: Resource and NotResource are exclusive", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}}`, `$.Statement[0]: has both "Resource" and "NotResource"`},
		{"IAM-UG Resource: must be strings", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":5}}`, `$.Statement[0].Resource: must be a string or a list of strings, got a number`},
		{"IAM-UG Principal: Principal and NotPrincipal are exclusive", `{"Statement":{"Effect":"Deny","Action":"s3:*","Principal":"*","NotPrincipal":"*"}}`, `$.Statement[0]: has both "Principal" and "NotPrincipal"`},
		{"IAM-UG Principal: a list is not a principal", `{"Statement":{"Effect":"Allow","Action":"s3:*","Principal":["*"]}}`, `$.Statement[0].Principal: must be "*" or an object, got a list`},
		{"IAM-UG Principal: empty object", `{"Statement":{"Effect":"Allow","Action":"s3:*","Principal":{}}}`, `$.Statement[0].Principal: is empty`},
		{"IAM-UG Principal: values are strings", `{"Statement":{"Effect":"Allow","Action":"s3:*","Principal":{"AWS":7}}}`, `$.Statement[0].Principal.AWS: must be a string or a list of strings, got a number`},
		{"IAM-UG Principal: unknown principal type", `{"Statement":{"Effect":"Allow","Action":"s3:*","Principal":{"User":"x"}}}`, `$.Statement[0].Principal.User: unknown element (want one of AWS, Service, Federated, CanonicalUser)`},
		{"IAM-UG Condition: must be an object", `{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":[]}}`, `$.Statement[0].Condition: must be an object, got a list`},
		{"IAM-UG Condition: an operator holds keys", `{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":{"StringEquals":"x"}}}`, `$.Statement[0].Condition.StringEquals: must be an object of condition keys, got a string`},
		{"IAM-UG Condition: empty value list", `{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":{"StringEquals":{"k":[]}}}}`, `$.Statement[0].Condition.StringEquals["k"]: is an empty list`},
		{"IAM-UG Condition: list members are scalars", `{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":{"StringEquals":{"k":["a",null]}}}}`, `$.Statement[0].Condition.StringEquals["k"][1]: must be a string, number or boolean, got null`},
		{"IAM-UG Condition: NUL in a key", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Condition\":{\"StringEquals\":{\"k\\u0000\":\"v\"}}}}", `$.Statement[0].Condition.StringEquals: contains a NUL character`},
		{"IAM-UG Condition: NUL in a value", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Condition\":{\"StringEquals\":{\"k\":\"v\\u0000\"}}}}", `$.Statement[0].Condition.StringEquals["k"]: contains a NUL character`},
		{"numbers are read as written, not converted", `{"Statement":[1e999]}`, `$.Statement[0]: must be an object, got a number`},
		{"empty document", ``, `empty document`},
		{"white space only is an empty document", " \n\t\r\n", `empty document`},
		{"truncated document: the place is the end of input", "{\"Statement\": [\n  {\"Effect\": \"Allow\",", `malformed JSON at line 2, column 22: unexpected end of input: the document is truncated`},
		{"truncated document: columns count characters", "{\"Id\": \"é", `malformed JSON at line 1, column 10: unexpected end of input`},
		{"IAM-UG grammar: unknown element in the second statement, with its JSON path and the near name", `{"Statement":[{"Effect":"Allow","Action":"s3:*"},{"Effect":"Allow","Action":"s3:*","Condtion":{}}]}`, `$.Statement[1].Condtion: unknown element; did you mean "Condition"? (want one of Sid, Effect`},
		{"IAM-UG grammar: a typo of two letters is near", `{"Statement":{"Efect":"Allow","Actoin":"s3:*"}}`, `$.Statement[0].Actoin: unknown element; did you mean "Action"?`},
		{"IAM-UG grammar: a name far from every element gets the list", `{"Statement":{"Effect":"Allow","Action":"s3:*","Tags":{}}}`, `$.Statement[0].Tags: unknown element (want one of Sid, Effect`},
		{"IAM-UG grammar: a key that is not a plain name is quoted in brackets", `{"Statement":{"Effect":"Allow","Action":"s3:*","My Key":{}}}`, `$.Statement[0]["My Key"]: unknown element (want one of`},
		{"a hostile key is cut to a short prefix", `{"Statement":{"Effect":"Allow","Action":"s3:*","` + strings.Repeat("k", 5000) + `":1}}`, `$.Statement[0]["` + strings.Repeat("k", 64) + `"…(5000 bytes)]: unknown element (want one of`},
		{"a hostile action is cut to a short prefix", `{"Statement":{"Effect":"Allow","Action":"` + strings.Repeat("a", 5000) + `"}}`, `$.Statement[0].Action[0]: "` + strings.Repeat("a", 64) + `"…(5000 bytes) has no service prefix`},
		{"a hostile Effect is cut to a short prefix", `{"Statement":{"Effect":"` + strings.Repeat("e", 5000) + `","Action":"s3:*"}}`, `$.Statement[0].Effect: must be "Allow" or "Deny", got "` + strings.Repeat("e", 64) + `"…(5000 bytes)`},
		{"a hostile condition key is cut in the path", `{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":{"StringEquals":{"` + strings.Repeat("c", 5000) + `":{}}}}}`, `$.Statement[0].Condition.StringEquals["` + strings.Repeat("c", 64) + `"…(5000 bytes)]: must be a string, number or boolean, got an object`},
		{"size cap", `{"Statement":[` + strings.Repeat(" ", MaxSize) + `]}`, `document is 1048592 bytes, more than the 1048576 this tool reads (IAM allows at most 10,240 characters)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant      %q", err, tt.want)
			}
		})
	}
}

func TestPosition(t *testing.T) {
	doc := []byte("{\n  \"a\": x\n}")
	for _, tt := range []struct {
		off  int64
		want string
	}{
		{0, "line 1, column 1"},
		{1, "line 1, column 1"},
		{10, "line 2, column 8"},
		{999, "line 3, column 2"},
	} {
		if got := position(doc, tt.off); got != tt.want {
			t.Errorf("position(%d) = %q, want %q", tt.off, got, tt.want)
		}
	}
}

func TestRootAccount(t *testing.T) {
	// IAM-UG "AWS JSON policy elements: Principal": "arn:aws:iam::ACCT:root"
	// names the account, in every partition.
	for _, tt := range []struct{ in, want string }{
		{"arn:aws:iam::111122223333:root", "111122223333"},
		{"arn:aws-us-gov:iam::111122223333:root", "111122223333"},
		{"arn:aws:iam::111122223333:role/root", ""},
		{"arn:aws:iam::11112222333:root", ""},
		{"arn:aws:sts::111122223333:root", ""},
		{"arn:aws", ""},
		{"111122223333", ""},
	} {
		if got := rootAccount(tt.in); got != tt.want {
			t.Errorf("rootAccount(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want bool
	}{{"111122223333", true}, {"11112222333a", false}, {"1111222233334", false}, {"", false}} {
		if got := isAccountID(tt.in); got != tt.want {
			t.Errorf("isAccountID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
