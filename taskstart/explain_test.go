package taskstart

import (
	"context"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/explain"
	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// predicted is a stoppedReason the simulation writes and the step it
// writes it on.
type predicted struct {
	name   string
	step   StepKind
	reason string
}

// constructedReasons builds every stoppedReason of reasons.go from its
// constructors: each call kind, on the steps it is reported on, for the
// execution role and the container instance role, denied implicitly,
// explicitly or by the S3 endpoint policy, and unreachable by route or by
// a name that does not resolve.
func constructedReasons() []predicted {
	const (
		region = "eu-west-1"
		image  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"
		asm    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"
		ssm    = "arn:aws:ssm:eu-west-1:123456789012:parameter/db"
		env    = "arn:aws:s3:::config-bucket/app.env"
	)
	type kindCase struct {
		kind callKind
		step StepKind
		ref  string
		host string
	}
	kinds := []kindCase{
		{kindECRAuth, StepRegistryAuth, "", "api.ecr." + region + ".amazonaws.com"},
		{kindRegistryCreds, StepRegistryAuth, asm, "secretsmanager." + region + ".amazonaws.com"},
		{kindKMS, StepRegistryAuth, asm, ""},
		{kindKMS, StepSecrets, asm, ""},
		{kindKMS, StepSecrets, ssm, ""},
		{kindManifest, StepImageManifest, image, "123456789012.dkr.ecr." + region + ".amazonaws.com"},
		{kindLayers, StepImageLayers, image, "prod-" + region + "-starport-layer-bucket.s3." + region + ".amazonaws.com"},
		{kindPublicPull, StepImageManifest, "docker.io/library/nginx:latest", "registry-1.docker.io"},
		{kindSSMSecret, StepSecrets, ssm, "ssm." + region + ".amazonaws.com"},
		{kindASMSecret, StepSecrets, asm, "secretsmanager." + region + ".amazonaws.com"},
		{kindEnvFile, StepEnvironmentFiles, env, "config-bucket.s3." + region + ".amazonaws.com"},
		{kindLogStream, StepLogs, "", "logs." + region + ".amazonaws.com"},
	}
	roles := map[string]*principal{
		"execution role": {sessionARN: "arn:aws:sts::123456789012:assumed-role/exec/" + taskIDPlaceholder, session: taskIDPlaceholder},
		"instance role":  {sessionARN: "arn:aws:sts::123456789012:assumed-role/ecsInstanceRole/" + instanceIDPlaceholder, session: instanceIDPlaceholder},
	}
	decisions := map[string]iam.Decision{
		"implicit deny": {Effect: iam.ImplicitDeny, Reason: "because no identity-based policy allows the action"},
		"explicit deny": {Effect: iam.ExplicitDeny, Reason: "with an explicit deny in an identity-based policy"},
		"endpoint deny": {Effect: iam.ImplicitDeny, DeniedBy: iam.LayerEndpoint},
		"key disabled":  denyFor("because the key is Disabled"),
	}
	var out []predicted
	for _, k := range kinds {
		c := call{kind: k.kind, step: k.step, ref: k.ref}
		if k.host != "" {
			c.target = &netpath.Target{Host: k.host}
		}
		n := need{action: "service:Action", resource: k.ref}
		for rname, p := range roles {
			if k.kind == kindPublicPull {
				// An anonymous pull asks IAM nothing.
				break
			}
			for dname, dec := range decisions {
				out = append(out, predicted{string(k.step) + " " + rname + " " + dname, k.step, iamReason(c, n, p, dec)})
			}
		}
		if k.host == "" {
			continue
		}
		out = append(out,
			predicted{string(k.step) + " unreachable", k.step, networkReason(c, netAnswer{res: netpath.Result{Blocks: []netpath.Block{{Kind: netpath.BlockRoute}}}})},
			predicted{string(k.step) + " name does not resolve", k.step, networkReason(c, netAnswer{res: netpath.Result{Blocks: []netpath.Block{{Kind: netpath.BlockDNS, Detail: "the VPC's DNS does not resolve " + k.host}}}})},
			predicted{string(k.step) + " lookup", k.step, lookupReason(c, k.host)},
		)
	}
	out = append(out, predicted{"trust", StepExecutionRole, trustReason("arn:aws:iam::123456789012:role/exec")})
	for _, shape := range []world.SecretShape{{Kind: "binary"}, {Kind: "text"}, {Kind: "json"}, {Kind: "json", Keys: []string{"username"}}} {
		out = append(out, predicted{"registry credentials " + shape.Kind, StepRegistryAuth, registryAuthFormat(credentialsFormatError(&shape))})
	}
	out = append(out,
		predicted{"registry secret", StepRegistryAuth, registryAuthReason(asm, "ResourceNotFoundException: Secrets Manager can't find the specified secret.")},
		predicted{"secret asm", StepSecrets, asmSecretReason(asm, "1", "ResourceNotFoundException: Secrets Manager can't find the specified secret.")},
	)
	return out
}

// TestStoppedReasonsExplainBack: every stoppedReason the simulation
// predicts — built by the constructors of reasons.go, and every one the
// embedded examples fail with — is explained back to the step it is
// reported on, with at least one cause.
func TestStoppedReasonsExplainBack(t *testing.T) {
	cases := constructedReasons()
	for _, ex := range examples.All() {
		w, err := snapshot.Read("example:"+ex.Name, ex.Data)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Simulate(context.Background(), w)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range res.Tasks {
			for _, st := range task.Steps {
				if st.StoppedReason != "" {
					cases = append(cases, predicted{"example " + ex.Name + " " + string(st.Step), st.Step, st.StoppedReason})
				}
			}
		}
	}
	for _, c := range cases {
		e := explain.Classify(c.reason)
		if e.Step != string(c.step) || len(e.Causes) == 0 {
			t.Errorf("%s: explain gives step %s with %d causes, want %s\n\t%s", c.name, e.Step, len(e.Causes), c.step, c.reason)
		}
	}
	t.Logf("%d predicted stoppedReasons explained back", len(cases))
}

// TestExplainStepNames: explain names the steps as the check contract
// does.
func TestExplainStepNames(t *testing.T) {
	for got, want := range map[string]StepKind{
		explain.StepTaskDefinition:   StepTaskDefinition,
		explain.StepExecutionRole:    StepExecutionRole,
		explain.StepRegistryAuth:     StepRegistryAuth,
		explain.StepImageManifest:    StepImageManifest,
		explain.StepImageLayers:      StepImageLayers,
		explain.StepSecrets:          StepSecrets,
		explain.StepEnvironmentFiles: StepEnvironmentFiles,
		explain.StepLogs:             StepLogs,
	} {
		if got != string(want) {
			t.Errorf("explain step %q, check contract %q", got, want)
		}
	}
}
