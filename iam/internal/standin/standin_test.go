package standin

import (
	"slices"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

const acct = "<unresolved AWS::AccountId>"

// TestMatch follows world/unresolved.go: a match that depends on a
// stand-in is Maybe, never a silent No; one that holds whatever it holds
// is Yes.
func TestMatch(t *testing.T) {
	for _, c := range []struct {
		name, pattern, value string
		want                 Tri
	}{
		{"no stand-in: match", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", Yes},
		{"no stand-in: no match", "arn:aws:s3:::b/*", "arn:aws:s3:::c/k", No},
		{"account stand-in against a real account", "arn:aws:secretsmanager:us-east-1:111122223333:secret:x", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:x", Maybe},
		{"account stand-in under a wildcard account", "arn:aws:secretsmanager:us-east-1:*:secret:x", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:x", Yes},
		{"account stand-in under '?' for one character only", "arn:aws:secretsmanager:us-east-1:?:secret:x", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:x", Maybe},
		{"another service can never match", "arn:aws:ssm:us-east-1:111122223333:parameter/x", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:x", No},
		{"another name can never match", "arn:aws:secretsmanager:us-east-1:*:secret:y", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:x", No},
		{"the same stand-in on both sides", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:*", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:x", Yes},
		{"a stand-in in the pattern against a real account", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:x", Maybe},
		{"two different stand-ins", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:*", "arn:aws:secretsmanager:us-east-1:<unresolved Ref Acct>:secret:x", Maybe},
		{"a whole unresolved ARN under '*'", "*", "<unresolved Fn::ImportValue SecretArn>", Yes},
		{"a whole unresolved ARN under a pattern", "arn:aws:secretsmanager:*:*:secret:*", "<unresolved Fn::ImportValue SecretArn>", Maybe},
		{"a literal '*' value is not a wildcard", "arn:aws:s3:::" + acct + "/*", "*", No},
		{"different stand-ins are not the same value", "arn:aws:s3:::<unresolved A>/<unresolved B>", "arn:aws:s3:::<unresolved A>/<unresolved C>", Maybe},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Match(c.pattern, c.value, glob.MatchARN); got != c.want {
				t.Errorf("Match(%q, %q) = %d, want %d", c.pattern, c.value, got, c.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	for _, c := range []struct {
		name, a, b string
		fold       bool
		want       Tri
	}{
		{"equal", "111122223333", "111122223333", false, Yes},
		{"different", "111122223333", "444455556666", false, No},
		{"stand-in may be the account", acct, "111122223333", false, Maybe},
		{"same stand-in", acct, acct, false, Yes},
		{"prefix rules it out", "vpce-" + acct, "sg-1", false, No},
		{"fold", "VPCE-" + acct, "vpce-1", true, Maybe},
		{"fold without stand-in", "Payments", "payments", true, Yes},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Equal(c.a, c.b, c.fold); got != c.want {
				t.Errorf("Equal(%q, %q, %v) = %d, want %d", c.a, c.b, c.fold, got, c.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	got := Find("arn:aws:iam::"+acct+":role/x", acct, "<unresolved Ref A>-<unresolved Ref B>", "<unresolved >x<unresolved y>", "<unresolved open")
	want := []string{acct, "<unresolved Ref A>", "<unresolved Ref B>", "<unresolved >", "<unresolved y>", "<unresolved open"}
	if !slices.Equal(got, want) {
		t.Errorf("Find = %q, want %q", got, want)
	}
	if Describe("plain") != "" || Has("plain") {
		t.Error("a value without a stand-in holds one")
	}
}
