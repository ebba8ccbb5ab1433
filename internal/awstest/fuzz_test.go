package awstest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/route53"
)

// refGlob is the plain backtracking matcher of EC2 filter wildcards.
func refGlob(p, s string) bool {
	if p == "" {
		return s == ""
	}
	switch p[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if refGlob(p[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		if s == "" {
			return false
		}
		_, n := utf8.DecodeRuneInString(s)
		return refGlob(p[1:], s[n:])
	}
	return s != "" && s[0] == p[0] && refGlob(p[1:], s[1:])
}

// FuzzGlob checks glob against the reference matcher.
func FuzzGlob(f *testing.F) {
	for _, seed := range [][2]string{
		{"subnet-0a1*", "subnet-0a1public"}, {"subnet-0b2public", "subnet-0b2public"}, {"?", "é"},
		{"a*b?c", "axxbyc"}, {"*", ""}, {"a.b", "axb"}, {"[a]", "a"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		if len(p) > 12 || len(s) > 24 {
			return // the reference backtracks exponentially
		}
		if got, want := glob(p, s), refGlob(p, s); got != want {
			t.Errorf("glob(%q, %q) = %v, want %v", p, s, got, want)
		}
	})
}

var fuzzTypes = []reflect.Type{
	reflect.TypeFor[ec2.DescribeSubnetsOutput](), reflect.TypeFor[ec2.DescribeInstancesOutput](),
	reflect.TypeFor[iam.GetRoleOutput](), reflect.TypeFor[ecs.DescribeServicesOutput](),
	reflect.TypeFor[route53.ListResourceRecordSetsOutput](),
}

// FuzzWire converts arbitrary JSON as each output type: it never panics,
// the JSON form marshals, and the XML form is well-formed.
func FuzzWire(f *testing.F) {
	f.Add(`{"Subnets":[{"SubnetId":"subnet-1","Tags":[{"Key":"a","Value":"<&>"}]}]}`)
	f.Add(`{"Role":{"RoleName":"r","CreateDate":"2024-01-02T03:04:05+00:00","AssumeRolePolicyDocument":{"Version":"2012-10-17"}}}`)
	f.Add(`{"services":[{"createdAt":"2025-05-26T14:05:02.311000+09:00","deployments":[{"createdAt":1716700000.5}]}]}`)
	f.Add(`{"Reservations":[{"Instances":[{"LaunchTime":"x","State":{"Code":16}}]}]}`)
	f.Add(`{"ResourceRecordSets":[{"Name":"a.","ResourceRecords":[{"Value":"1.2.3.4"}]}],"MaxItems":"300"}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var v any
		dec := json.NewDecoder(strings.NewReader(doc))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			return
		}
		for _, typ := range fuzzTypes {
			if _, err := json.Marshal(jsonWire(v, typ)); err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			for _, st := range []*xmlStyle{iamStyle, ec2Style, restXMLStyle} {
				var b bytes.Buffer
				b.WriteString("<R>")
				st.writeXMLFields(&b, m, typ)
				b.WriteString("</R>")
				d := xml.NewDecoder(&b)
				for {
					_, err := d.Token()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						t.Fatalf("%s: XML %q: %v", typ, b.String(), err)
					}
				}
			}
		}
	})
}

// FuzzServe sends arbitrary requests of each protocol to a server: it never
// panics and always answers with a status.
func FuzzServe(f *testing.F) {
	doc, err := os.ReadFile("testdata/extra.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("json", "AmazonEC2ContainerServiceV20141113.DescribeServices", `{"cluster":"x","services":["a"]}`)
	f.Add("json", "TrentService.ListAliases", `{"Marker":"awstest-99","Limit":-1}`)
	f.Add("ec2", "", "Action=DescribeSubnets&Filter.1.Name=tag:a&Filter.1.Value.1=*&SubnetId.1=s")
	f.Add("ec2", "", "Action=DescribeVpcAttribute&VpcId=v&Attribute=")
	f.Add("iam", "", "Action=ListAttachedRolePolicies&RoleName=web-execution&Marker=awstest-x")
	f.Add("sts", "", "Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/r&RoleSessionName=s")
	f.Add("route53", "", "/2013-04-01/hostedzone/Z1/rrset?name=a.&maxitems=1")
	f.Add("s3", "", "/bucket?policy")
	f.Fuzz(func(t *testing.T, kind, target, body string) {
		a, err := parseAccount(doc)
		if err != nil {
			t.Fatal(err)
		}
		s := &Server{tb: t, pageSize: 1, throttle: map[string]int{}, secretValues: map[string]string{},
			accounts: map[string]*account{a.id: a}, keys: map[string]*account{AccessKeyID: a}, primary: a}
		var req *http.Request
		switch kind {
		case "json":
			req = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			req.Header.Set("X-Amz-Target", target)
		case "route53", "s3":
			if !strings.HasPrefix(body, "/") || strings.ContainsAny(body, " \r\n#%") {
				return
			}
			req = httptest.NewRequest(http.MethodGet, body, nil)
			kind = "s3"
		default:
			req = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+AccessKeyID+"/20260101/eu-west-1/"+kind+"/aws4_request, SignedHeaders=host, Signature=0")
		w := httptest.NewRecorder()
		s.serve(w, req)
		if w.Code < 200 || w.Code > 599 {
			t.Errorf("status %d", w.Code)
		}
	})
}
