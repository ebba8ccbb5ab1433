package live_test

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// service is one service of an example and its cluster.
type service struct{ cluster, name string }

func services(t *testing.T, data []byte) (region string, out []service) {
	t.Helper()
	var doc struct {
		Region string `json:"region"`
		ECS    struct {
			DescribeServices json.RawMessage
		} `json:"ecs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	type page struct {
		Services []struct{ ClusterArn, ServiceName string } `json:"services"`
	}
	var pages []page
	if err := json.Unmarshal(doc.ECS.DescribeServices, &pages); err != nil {
		var p page
		if err := json.Unmarshal(doc.ECS.DescribeServices, &p); err != nil {
			t.Fatal(err)
		}
		pages = []page{p}
	}
	for _, p := range pages {
		for _, s := range p.Services {
			out = append(out, service{s.ClusterArn[strings.LastIndex(s.ClusterArn, "/")+1:], s.ServiceName})
		}
	}
	return doc.Region, out
}

// originRe matches what differs between two documents holding the same
// facts: the file, line and JSON path of each origin.
var originRe = regexp.MustCompile(`"(location|file|path|line)":\s*("[^"]*"|[0-9]+)`)

func normalized(t *testing.T, res *taskstart.Result) string {
	t.Helper()
	b, err := json.MarshalIndent(res, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return orgNoteRe.ReplaceAllString(originRe.ReplaceAllString(string(b), `"$1": "-"`), "(the input has none)")
}

// orgNoteRe matches the note a live read gives the organization policy
// assumption (the account in no organization, or the calls denied), where
// a snapshot without the section says the input has none.
var orgNoteRe = regexp.MustCompile(`\((the account is in no organization|not read: )[^)]*\)`)

// liveCheck reads one service from the server and simulates it, as
// check --cluster --service does.
func liveCheck(t *testing.T, cfg aws.Config, s service, opts live.Options) (*live.Result, *taskstart.Result) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// A connection the server closes under concurrent retries is retried
	// once more than the SDK's default three attempts allow.
	retryer := cfg.Retryer
	cfg.Retryer = func() aws.Retryer { return retry.AddWithMaxAttempts(retryer(), 6) }
	opts.Cluster, opts.Services = s.cluster, []string{s.name}
	opts.Simulate = []taskstart.Option{taskstart.WithService(s.name)}
	lr, err := live.Read(ctx, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := taskstart.Simulate(ctx, lr.World, opts.Simulate...)
	if err != nil {
		t.Fatal(err)
	}
	live.Annotate(res, lr.Failures)
	return lr, res
}

// TestLiveCheckEqualsExample: for each embedded example, reading the
// account the example describes through the AWS APIs (an awstest server
// serving it) gives the same answers as checking the example, apart from
// origins; a one-service check takes at most 30 calls in at most 5 rounds.
func TestLiveCheckEqualsExample(t *testing.T) {
	for _, ex := range examples.All() {
		region, svcs := services(t, ex.Data)
		for _, s := range svcs {
			t.Run(ex.Name+"/"+s.name, func(t *testing.T) {
				if ex.Name == "unknown-imported-vpc" {
					t.Skip("the example's account lacks the subnets its service names; in a live account that subnet does not exist (TestLiveSubnetThatDoesNotExist)")
				}
				var opts live.Options
				var srvOpts []awstest.Option
				// The example carries the key names of its secrets: read them
				// with --read-secret-keys from a value with those keys.
				for id, keys := range secretKeys(t, ex.Data) {
					srvOpts = append(srvOpts, awstest.WithSecretValue(id, keys))
					opts.ReadSecretKeys = true
				}
				// Another account's repository policy is read through a role
				// of that account (--role-arn-for).
				if other, acct := otherAccount(t, ex.Data); other != nil {
					srvOpts = append(srvOpts, awstest.WithAccount(other))
					opts.RoleFor = map[string]string{acct: "arn:aws:iam::" + acct + ":role/ecs-preflight-read"}
				}
				srv := awstest.NewServer(t, ex.Data, srvOpts...)
				lr, got := liveCheck(t, srv.Config(region), s, opts)
				w, err := snapshot.Read("example:"+ex.Name, ex.Data)
				if err != nil {
					t.Fatal(err)
				}
				want, err := taskstart.Simulate(context.Background(), w, taskstart.WithService(s.name))
				if err != nil {
					t.Fatal(err)
				}
				if g, w := normalized(t, got), normalized(t, want); g != w {
					t.Errorf("live check differs from the example (failures %v):\n%s", lr.Failures, lineDiff(g, w))
				}
				calls := srv.Calls()
				t.Logf("%d calls (server: %d) in %d rounds: %v", lr.Stats.Calls, len(calls), lr.Stats.Rounds, lr.Stats.Actions)
				if lr.Stats.Calls > 30 || len(calls) > 30 {
					t.Errorf("%d calls (server saw %d), want at most 30", lr.Stats.Calls, len(calls))
				}
				for _, a := range lr.Stats.Actions {
					if _, optIn := live.OptInCalls[a]; !slices.Contains(live.Calls, a) && !optIn {
						t.Errorf("called %s, which live.Calls (docs/permissions.md) does not list", a)
					}
				}
				if lr.Stats.Rounds > 5 {
					t.Errorf("%d rounds, want at most 5", lr.Stats.Rounds)
				}
			})
		}
	}
}

// lineDiff lists the lines only one side has, in order.
func lineDiff(got, want string) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	g, w := count(got), count(want)
	var b strings.Builder
	for _, l := range strings.Split(got, "\n") {
		if w[l] == 0 {
			b.WriteString("live:    " + l + "\n")
		}
	}
	for _, l := range strings.Split(want, "\n") {
		if g[l] == 0 {
			b.WriteString("example: " + l + "\n")
		}
	}
	return b.String()
}

// secretKeys returns, per secret of the example's SecretKeys, a JSON value
// with those keys.
func secretKeys(t *testing.T, data []byte) map[string]string {
	var doc struct {
		SM struct {
			SecretKeys []struct {
				SecretId string
				Kind     string
				Keys     []string
			}
		} `json:"secretsmanager"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range doc.SM.SecretKeys {
		v := "text"
		if e.Kind == "json" {
			m := map[string]string{}
			for _, k := range e.Keys {
				m[k] = "value-of-" + k
			}
			b, _ := json.Marshal(m)
			v = string(b)
		}
		out[e.SecretId] = v
	}
	return out
}

// otherAccount returns a document of the other account whose repository
// policy the example carries, and that account's id.
func otherAccount(t *testing.T, data []byte) ([]byte, string) {
	var doc struct {
		Region    string `json:"region"`
		AccountID string `json:"accountId"`
		ECR       struct {
			GetRepositoryPolicy []map[string]any
		} `json:"ecr"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.ECR.GetRepositoryPolicy {
		if id, _ := p["registryId"].(string); id != "" && id != doc.AccountID {
			b, _ := json.Marshal(map[string]any{
				"region": doc.Region, "accountId": id,
				"ecr": map[string]any{
					"DescribeRepositories": map[string]any{"repositories": []any{map[string]any{
						"repositoryArn":  "arn:aws:ecr:" + doc.Region + ":" + id + ":repository/" + p["repositoryName"].(string),
						"registryId":     id,
						"repositoryName": p["repositoryName"],
					}}},
					"GetRepositoryPolicy": []any{p},
				},
			})
			return b, id
		}
	}
	return nil, ""
}
