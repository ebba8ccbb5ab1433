package taskstart

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// findSecret resolves a secret named by ARN (full or partial) or by name in
// the task's region. missing is set when the input does not have it.
func (s *sim) findSecret(ref string) (sec *world.Secret, arn, region, account, missing string) {
	region, account = s.region(), s.account()
	arn = ref
	if p, ok := parseARN(ref); ok {
		region, account = p.region, p.account
		if sm, ok := parseSecretsManagerRef(ref); ok {
			arn = sm.arn
		}
	}
	if v := s.w.Secrets.Get(arn); v != nil {
		return v, v.ARN, region, account, ""
	}
	// A name, or an ARN without the random suffix: match by name in the
	// region (ECS-DG "Private registry authentication for tasks": a secret
	// in the task's Region may be named by name; elsewhere the full ARN is
	// needed).
	name := ref
	if sm, ok := parseSecretsManagerRef(ref); ok {
		name = sm.name
	}
	for _, v := range s.w.Secrets.All() {
		p, _ := parseARN(v.ARN)
		if v.Name == name && p.region == region && p.account == account {
			return v, v.ARN, region, account, ""
		}
	}
	if !strings.HasPrefix(arn, "arn:") {
		arn = "arn:" + partitionOr(s.w.Partition) + ":secretsmanager:" + region + ":" + account + ":secret:" + ref
	}
	return nil, arn, region, account, "secretsmanager:DescribeSecret and secretsmanager:GetResourcePolicy for " + ref
}

// secretPolicy returns the secret's resource policy as a layer.
func (s *sim) secretPolicy(sec *world.Secret, arn, missing string) *resourcePolicy {
	rp := &resourcePolicy{what: "the resource policy of secret " + shortSecret(arn), missing: missing}
	if sec == nil {
		s.assumeNoSecretPolicy(rp, nil, arn)
		return rp
	}
	rp.origin = sec.Origin
	if !sec.ResourcePolicyKnown {
		rp.missing = "secretsmanager:GetResourcePolicy for " + arn
		s.assumeNoSecretPolicy(rp, sec, arn)
		return rp
	}
	if sec.ResourcePolicy != "" {
		pol, err := s.cache.parse("resource policy of secret "+sec.Name, sec.ResourcePolicy)
		if err != nil {
			rp.missing = err.Error()
		}
		rp.pol = pol
	}
	return rp
}

func shortSecret(arn string) string {
	if sm, ok := parseSecretsManagerRef(arn); ok {
		return sm.name
	}
	return arn
}

// resolveKey finds the KMS key a secret or parameter names: key id, key
// ARN, alias name or alias ARN. aws is true for AWS managed keys, whose
// policies let the account's principals use them through the service.
func (s *sim) resolveKey(ref, region, account string) (key *world.Key, arn string, aws bool, missing string) {
	part := partitionOr(s.w.Partition)
	if ref == "" || strings.HasPrefix(ref, "alias/aws/") || strings.Contains(ref, ":alias/aws/") {
		return nil, ref, true, ""
	}
	if p, ok := parseARN(ref); ok {
		region, account = p.region, p.account
		ref = p.resource
	}
	if strings.HasPrefix(ref, "alias/") {
		aliasARN := "arn:" + part + ":kms:" + region + ":" + account + ":" + ref
		a := s.w.KeyAliases.Get(aliasARN)
		if a == nil || a.TargetKeyId == "" {
			return nil, aliasARN, false, "kms:ListAliases for " + aliasARN
		}
		ref = "key/" + a.TargetKeyId
	}
	ref = strings.TrimPrefix(ref, "key/")
	arn = "arn:" + part + ":kms:" + region + ":" + account + ":key/" + ref
	k := s.w.Keys.Get(arn)
	if k == nil {
		return nil, arn, false, "kms:DescribeKey and kms:GetKeyPolicy for " + arn
	}
	return k, arn, k.KeyManager == "AWS", ""
}

// kmsForSecret adds the kms:Decrypt step Secrets Manager performs for the
// task (ECS-DG "Private registry authentication for tasks" and "Amazon ECS
// task execution IAM role": kms:Decrypt is required only if the secret
// uses a customer managed key). For an AWS managed key only denies are
// evaluated (awsManagedKeyDecrypt).
func (s *sim) kmsForSecret(c *world.ContainerDefinition, step StepKind, sec *world.Secret, secretARN, region, account string) {
	key, keyARN, awsKey, missing := s.resolveKey(sec.KmsKeyId, region, account)
	home := s.home()
	// A secret named by name is in the task's account, whatever it is.
	sameAccount := account == home || account == s.account()
	kmsCtx := map[string][]string{
		// KMS-DG "kms:ViaService"; SM-UG "Secret encryption and decryption":
		// the encryption context holds the secret's ARN.
		"kms:ViaService":                  {s.serviceTarget("secretsmanager", region, s.w.Partition).Host},
		"kms:CallerAccount":               {s.account()},
		"kms:EncryptionContext:SecretARN": {secretARN},
		"kms:EncryptionContextKeys":       {"SecretARN", "SecretVersionId"},
		"aws:CalledVia":                   {"secretsmanager.amazonaws.com"},
		"aws:CalledViaFirst":              {"secretsmanager.amazonaws.com"},
		"kms:EncryptionAlgorithm":         {"SYMMETRIC_DEFAULT"},
	}
	if awsKey {
		if !sameAccount && (world.IsUnresolved(account) || world.IsUnresolved(home)) {
			s.steps = append(s.steps, Step{Container: c.Name, Step: step, Status: Unknown, Subject: "kms key of " + shortSecret(secretARN), RuleID: "EPF-KMS-CROSS",
				Missing:  []string{"whether secret " + shortSecret(secretARN) + " (account " + account + ") is in the task's account (" + home + "): aws/secretsmanager cannot be used from another account"},
				Summary:  "the account of secret " + shortSecret(secretARN) + " is not resolved",
				Location: c.Origin.String(), Origin: locationOf(c.Origin)})
			return
		}
		if !sameAccount {
			// SM-UG "Access AWS Secrets Manager secrets from a different
			// account": aws/secretsmanager cannot be used by another account.
			s.steps = append(s.steps, Step{Container: c.Name, Step: step, Status: Fail, Subject: "kms key of " + shortSecret(secretARN), RuleID: "EPF-KMS-CROSS",
				StoppedReason: secretFetchReason(step, secretARN, "AccessDeniedException: Access to KMS is not allowed"),
				Fix:           "re-encrypt secret " + shortSecret(secretARN) + " with a customer managed key whose key policy allows the execution role kms:Decrypt",
				Summary:       "a secret in another account encrypted with aws/secretsmanager cannot be read",
				Location:      c.Origin.String(), Origin: locationOf(c.Origin), FixLocation: fixAt(sec.Origin, "secret "+shortSecret(secretARN))})
			return
		}
		s.awsManagedKeyDecrypt(c, step, key, sec.KmsKeyId, "secretsmanager", region, account, secretARN, kmsCtx)
		return
	}
	if st, ok := s.kmsDecrypt(c, step, key, keyARN, missing, secretARN, kmsCtx); ok {
		s.steps = append(s.steps, st)
	}
}

// awsManagedKeyDecrypt checks the kms:Decrypt a service performs for the
// task with an AWS managed key (aws/secretsmanager, aws/ssm), and adds a
// step only when something may deny it.
//
// Documented: the key policy of an AWS managed key cannot be changed and
// lets every principal of the account use the key through the service
// that owns it (KMS-DG "AWS managed keys"; the policy GetKeyPolicy returns
// allows Principal "*" with kms:CallerAccount and kms:ViaService), so the
// role needs no allow of its own; an explicit deny in any applicable
// policy overrides an allow (IAM-UG "Policy evaluation logic"), and SCPs
// limit every request of a member account's principals (AWS
// Organizations "Service control policies"); RCPs do not apply to AWS
// managed keys (AWS Organizations "Resource control policies (RCPs)").
//
// With that key policy the usual evaluation decides: a key-policy grant
// to Principal "*" needs no identity allow and is not limited by a
// permissions boundary (IAM-UG "Policy evaluation logic", as package iam
// applies it), so what can stop the call is an explicit deny or an SCP.
//
// Inferred, not documented: that the request Secrets Manager or Parameter
// Store makes on the task's behalf is authorized with the execution
// role's identity policies, boundary and SCPs, as for a customer managed
// key (KMS-DG "kms:ViaService" describes it as the caller's request).
func (s *sim) awsManagedKeyDecrypt(c *world.ContainerDefinition, step StepKind, key *world.Key, keyRef, service, region, account, ref string, ctx map[string][]string) {
	alias := "aws/" + service
	if i := strings.Index(keyRef, "alias/"); i >= 0 {
		alias = keyRef[i+len("alias/"):]
	}
	rp := &resourcePolicy{what: "the key policy of AWS managed key " + alias, required: true}
	var keyARN string
	if key != nil && key.Arn != "" {
		keyARN = key.Arn
		rp.origin = key.Origin
	} else {
		// The key id of an AWS managed key is not in the input: a deny
		// naming one key leaves the step unknown, one on "*" decides.
		keyARN = "arn:" + partitionOr(s.w.Partition) + ":kms:" + region + ":" + account + ":key/" + world.Unresolved("key id of "+alias)
	}
	var pol *iam.Policy
	var err error
	if key != nil && key.Policy != "" {
		pol, err = s.cache.parse("key policy of "+alias, key.Policy)
	} else {
		pol, err = s.cache.awsManagedKeyPolicy(alias, ctx["kms:ViaService"][0])
	}
	if err != nil {
		rp.missing = err.Error()
	}
	rp.pol = pol
	st, ok := s.decryptCall(c, step, "KMS key "+alias, keyARN, ref, rp, ctx, true)
	if ok && st.Status != OK {
		s.steps = append(s.steps, st)
	}
}

// awsManagedKeyPolicy is the key policy of AWS managed key alias that the
// input does not show, for the service via, parsed once per run.
func (c *policyCache) awsManagedKeyPolicy(alias, via string) (*iam.Policy, error) {
	k := [2]string{alias, via}
	c.mu.Lock()
	v, ok := c.keyPolicies[k]
	c.mu.Unlock()
	if ok {
		return v.pol, v.err
	}
	// The policy KMS-DG "AWS managed keys" describes, without its
	// kms:CallerAccount condition: the key is in the task's account
	// (checked by the callers), which is the caller's.
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"Allow access through the service for all principals in the account","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":` + jsonString(via) + `}}}]}`
	v.pol, v.err = c.parse("key policy of "+alias, doc)
	c.mu.Lock()
	c.keyPolicies[k] = v
	c.mu.Unlock()
	return v.pol, v.err
}

// jsonString is s as a JSON string: the service's host is made from a
// region the input names.
func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// kmsDecrypt checks kms:Decrypt on a customer managed key: the key policy
// must allow, itself or by delegating to IAM (KMS-DG "Key policies").
func (s *sim) kmsDecrypt(c *world.ContainerDefinition, step StepKind, key *world.Key, keyARN, missing, ref string, ctx map[string][]string) (Step, bool) {
	// Several secrets under one key decrypt with the same permission: one
	// answer per container, step and key.
	if !s.firstDecrypt(c, step, keyARN) {
		return Step{}, false
	}
	rp := &resourcePolicy{what: "the key policy of " + keyARN, required: true, missing: missing}
	if key != nil {
		rp.origin = key.Origin
		if key.Policy == "" {
			rp.missing = "kms:GetKeyPolicy for " + keyARN
		} else {
			pol, err := s.cache.parse("key policy of "+key.KeyId, key.Policy)
			if err != nil {
				rp.missing = err.Error()
			}
			rp.pol = pol
		}
	}
	st, cl := s.decryptStep(c, step, "KMS key "+lastSegment(keyARN), keyARN, ref, rp, ctx, false)
	if key != nil && key.KeyState != "" && key.KeyState != "Enabled" && st.Status != Fail {
		st.Status = Fail
		st.StoppedReason = iamReason(cl, cl.needs[0], s.exec, denyFor("because the key is "+key.KeyState))
		st.Fix = "enable KMS key " + key.KeyId + " (it is " + key.KeyState + ")"
		st.FixLocation = fixAt(key.Origin, "KMS key "+key.KeyId)
		st.Summary = "KMS key " + key.KeyId + " is " + key.KeyState
	}
	return st, true
}

// firstDecrypt reports whether this is the first kms:Decrypt of keyARN
// for the container and step: several secrets under one key decrypt with
// the same permission, so they get one answer.
func (s *sim) firstDecrypt(c *world.ContainerDefinition, step StepKind, keyARN string) bool {
	seen := c.Name + "\x00" + string(step) + "\x00" + keyARN
	if s.kmsSeen[seen] {
		return false
	}
	if s.kmsSeen == nil {
		s.kmsSeen = map[string]bool{}
	}
	s.kmsSeen[seen] = true
	return true
}

// decryptCall checks kms:Decrypt of keyARN once per container and step.
func (s *sim) decryptCall(c *world.ContainerDefinition, step StepKind, subject, keyARN, ref string, rp *resourcePolicy, ctx map[string][]string, awsManaged bool) (Step, bool) {
	if !s.firstDecrypt(c, step, keyARN) {
		return Step{}, false
	}
	st, _ := s.decryptStep(c, step, subject, keyARN, ref, rp, ctx, awsManaged)
	return st, true
}

// decryptStep evaluates the kms:Decrypt call under key policy rp.
func (s *sim) decryptStep(c *world.ContainerDefinition, step StepKind, subject, keyARN, ref string, rp *resourcePolicy, ctx map[string][]string, awsManaged bool) (Step, call) {
	cl := call{
		container: c.Name, step: step, subject: subject, ruleID: "EPF-KMS-DECRYPT", kind: kindKMS,
		what: "decrypt with " + subject, ref: ref, origin: c.Origin,
		needs: []need{{action: "kms:Decrypt", resource: keyARN, account: foreign(accountOf(keyARN), s.home()), res: rp, context: ctx, awsManagedKey: awsManaged}},
	}
	return s.check(cl), cl
}

// secret checks one secrets[] entry: SSM Parameter Store or Secrets Manager.
func (s *sim) secret(c *world.ContainerDefinition, sec world.ContainerSecret) {
	if world.IsUnresolved(sec.ValueFrom) && !strings.HasPrefix(sec.ValueFrom, "arn:") {
		// A stand-in for the whole valueFrom: neither the service nor the
		// name is known, so it is no parameter name to look up.
		s.steps = append(s.steps, Step{Container: c.Name, Step: StepSecrets, Status: Unknown, Subject: sec.Name, RuleID: "EPF-SECRET-SSM",
			Missing:  []string{"valueFrom of secret " + sec.Name + ": " + sec.ValueFrom},
			Summary:  "secret " + sec.Name + " is not known before deploy",
			Location: c.Origin.String(), Origin: locationOf(c.Origin)})
		return
	}
	if sm, ok := parseSecretsManagerRef(sec.ValueFrom); ok {
		s.smSecret(c, sec, sm)
		return
	}
	s.ssmSecret(c, sec)
}

func (s *sim) smSecret(c *world.ContainerDefinition, sec world.ContainerSecret, ref smRef) {
	found, arn, region, account, missing := s.findSecret(ref.arn)
	t := s.serviceTarget("secretsmanager", region, s.w.Partition)
	cl := call{
		container: c.Name, step: StepSecrets, subject: sec.Name, ruleID: "EPF-SECRET-ASM", kind: kindASMSecret,
		what: "read secret " + shortSecret(arn) + " for " + sec.Name, ref: arn, origin: c.Origin,
		target: &t,
		needs:  []need{{action: "secretsmanager:GetSecretValue", resource: arn, account: foreign(account, s.home()), res: s.secretPolicy(found, arn, missing)}},
	}
	st := s.check(cl)
	if st.Status != Fail {
		switch {
		case ref.versionStage != "" && ref.versionID != "":
			// ECS-DG "Pass Secrets Manager secrets": version-stage and
			// version-id are mutually exclusive. Text: [reported messages].
			st.Status = Fail
			st.StoppedReason = resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret " + arn + " from secrets manager: InvalidParameterException: You can't specify both a version ID and a version stage."
			st.Fix = "in valueFrom of " + sec.Name + " keep either the version stage or the version id, not both"
		case found != nil && found.Deleted:
			// Secrets Manager's error quoted in external-secrets/external-secrets#4560.
			st.Status = Fail
			st.StoppedReason = resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret " + arn + " from secrets manager: InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion."
			st.Fix = "restore secret " + shortSecret(arn) + " or point valueFrom at a live secret"
			st.FixLocation = fixAt(found.Origin, "secret "+shortSecret(arn))
		case ref.jsonKey != "" && found != nil && found.Value != nil:
			if found.Value.Kind != "json" || !slices.Contains(found.Value.Keys, ref.jsonKey) {
				// agent agent/taskresource/asmsecret: the JSON key must be a
				// top-level key of the secret string (matched exactly); the
				// format string is in agent/asm/asm.go GetSecretFromASMWithInput.
				st.Status = Fail
				st.StoppedReason = resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: retrieved secret from Secrets Manager did not contain json key " + ref.jsonKey
				st.Fix = "add the key " + ref.jsonKey + " to secret " + shortSecret(arn) + ", or change the json-key in valueFrom of " + sec.Name
				st.FixLocation = fixAt(found.Origin, "secret "+shortSecret(arn))
				st.Summary = "secret " + shortSecret(arn) + " has no JSON key " + ref.jsonKey
			}
		case ref.jsonKey != "":
			st.Assumptions = append(st.Assumptions, "secret "+shortSecret(arn)+" is a JSON object with the key "+ref.jsonKey+" (add SecretKeys to the snapshot to check)")
		}
	}
	s.steps = append(s.steps, st)
	if found != nil {
		s.kmsForSecret(c, StepSecrets, found, arn, region, account)
	}
}

func (s *sim) ssmSecret(c *world.ContainerDefinition, sec world.ContainerSecret) {
	ref := parseSSMRef(sec.ValueFrom, s.region(), s.account(), s.w.Partition)
	t := s.serviceTarget("ssm", ref.region, s.w.Partition)
	cl := call{
		container: c.Name, step: StepSecrets, subject: sec.Name, ruleID: "EPF-SECRET-SSM", kind: kindSSMSecret,
		what: "read parameter " + ref.name + " for " + sec.Name, ref: sec.ValueFrom, origin: c.Origin,
		target: &t,
		// ECS-DG "Amazon ECS task execution IAM role": ssm:GetParameters.
		needs: []need{{action: "ssm:GetParameters", resource: ref.arn, account: foreign(ref.account, s.home())}},
	}
	st := s.check(cl)
	param, found, absent := s.findParameter(ref)
	switch {
	case absent && st.Status != Fail:
		st.Status = Fail
		// agent agent/ssm: the names GetParameters returns as
		// InvalidParameters are listed in the error (agent/ssm/ssm.go
		// "invalid parameters: %s"; Fargate's "invalid ssm parameters" is
		// [reported messages]).
		st.StoppedReason = resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: " + ref.name
		st.Fix = "create parameter " + ref.name + " in " + ref.region + " or correct valueFrom of " + sec.Name
		st.Summary = "parameter " + ref.name + " does not exist"
		st.Missing = nil
	case !found && !absent && st.Status != Fail:
		st.Status = worse(st.Status, Unknown)
		st.Missing = append(st.Missing, "ssm:DescribeParameters for "+ref.name)
	}
	s.steps = append(s.steps, st)
	if found && param.Type == "SecureString" {
		key, keyARN, awsKey, missing := s.resolveKey(param.KeyId, ref.region, ref.account)
		ctx := map[string][]string{
			"kms:ViaService":    {s.serviceTarget("ssm", ref.region, s.w.Partition).Host},
			"kms:CallerAccount": {s.account()},
			// SSM-UG "How Parameter Store uses AWS KMS": the encryption
			// context is PARAMETER_ARN.
			"kms:EncryptionContext:PARAMETER_ARN": {ref.arn},
			"aws:CalledVia":                       {"ssm.amazonaws.com"},
		}
		if awsKey {
			s.awsManagedKeyDecrypt(c, StepSecrets, key, param.KeyId, "ssm", ref.region, ref.account, sec.ValueFrom, ctx)
		} else if st, ok := s.kmsDecrypt(c, StepSecrets, key, keyARN, missing, sec.ValueFrom, ctx); ok {
			s.steps = append(s.steps, st)
		}
	}
}

// findParameter looks a parameter up by ARN, then by name.
func (s *sim) findParameter(ref ssmRef) (*world.Parameter, bool, bool) {
	if p, found, absent := s.w.Parameters.Lookup(ref.arn); found || ref.account != s.w.AccountID {
		return p, found, absent
	}
	for _, p := range s.w.Parameters.All() {
		if p.Name == ref.name || p.Name == "/"+ref.name {
			return p, true, false
		}
	}
	return nil, false, s.w.Parameters.Known && s.w.Parameters.Complete && ref.region == s.w.Region && !world.IsUnresolved(ref.arn)
}

// envFile checks one environmentFiles[] entry: the agent calls
// s3:GetBucketLocation, then s3:GetObject (agent agent/s3/factory and
// agent/taskresource/envFiles; ECS-DG "Pass environment variables from a
// file").
func (s *sim) envFile(c *world.ContainerDefinition, ef world.EnvironmentFile) {
	p, ok := parseARN(ef.Value)
	if world.IsUnresolved(ef.Value) && (!ok || p.service != "s3" || !strings.Contains(p.resource, "/")) {
		// A stand-in is no invalid ARN: what it resolves to is unknown.
		s.steps = append(s.steps, Step{Container: c.Name, Step: StepEnvironmentFiles, Status: Unknown, Subject: ef.Value, RuleID: "EPF-ENVFILE-ARN",
			Missing:  []string{"environment file " + ef.Value},
			Summary:  "environment file not known before deploy",
			Location: c.Origin.String(), Origin: locationOf(c.Origin)})
		return
	}
	if !ok || p.service != "s3" || !strings.Contains(p.resource, "/") {
		s.steps = append(s.steps, Step{Container: c.Name, Step: StepEnvironmentFiles, Status: Fail, Subject: ef.Value, RuleID: "EPF-ENVFILE-ARN",
			StoppedReason: envFilesInit + "invalid environment file ARN " + ef.Value, // [reported messages]
			Fix:           "name the file by its S3 object ARN, arn:aws:s3:::BUCKET/KEY",
			Summary:       "environment file " + quote(ef.Value) + " is not an S3 object ARN",
			Location:      c.Origin.String(), Origin: locationOf(c.Origin)})
		return
	}
	bucketName, _, _ := strings.Cut(p.resource, "/")
	region := s.region()
	var assumptions []string
	rp := &resourcePolicy{what: "the bucket policy of " + bucketName}
	b := s.w.Buckets.Get(bucketName)
	switch {
	case b == nil:
		rp.missing = "s3:GetBucketPolicy for " + bucketName
		assumptions = append(assumptions, "bucket "+bucketName+" is in "+region+" (add GetBucketLocation to the snapshot to check)")
	case !b.PolicyKnown:
		rp.origin = b.Origin
		rp.missing = "s3:GetBucketPolicy for " + bucketName
		s.assumeNoBucketPolicy(rp, b)
	case b.Policy != "":
		rp.origin = b.Origin
		pol, err := s.cache.parse("bucket policy of "+bucketName, b.Policy)
		if err != nil {
			rp.missing = err.Error()
		}
		rp.pol = pol
	}
	if b != nil && b.Region != "" {
		region = b.Region
	}
	acct := ""
	if b != nil {
		acct = foreign(b.Account, s.home())
	}
	assumptions = append(assumptions, "object "+p.resource+" exists")
	t := netpath.BucketTarget(bucketName, region, s.w.Partition)
	bucketARN := "arn:" + p.partition + ":s3:::" + bucketName
	s.steps = append(s.steps, s.check(call{
		container: c.Name, step: StepEnvironmentFiles, subject: ef.Value, ruleID: "EPF-ENVFILE", kind: kindEnvFile,
		what: "download environment file " + p.resource, ref: ef.Value, origin: c.Origin,
		target: &t, assumptions: assumptions,
		needs: []need{
			{action: "s3:GetBucketLocation", resource: bucketARN, account: acct, res: rp},
			{action: "s3:GetObject", resource: ef.Value, account: acct, res: rp},
		},
	}))
}

// logs checks the awslogs driver's calls: it creates the stream
// PREFIX/CONTAINER/TASKID and puts events (moby daemon/logger/awslogs;
// ECS-DG "Using the awslogs log driver").
func (s *sim) logs(c *world.ContainerDefinition) {
	lc := c.LogConfiguration
	if lc == nil || lc.LogDriver != "awslogs" {
		return
	}
	group, region, prefix := lc.Options["awslogs-group"], lc.Options["awslogs-region"], lc.Options["awslogs-stream-prefix"]
	if group == "" || region == "" {
		return // task-definition step already fails
	}
	create := strings.EqualFold(lc.Options["awslogs-create-group"], "true")
	part := partitionOr(s.w.Partition)
	groupARN := "arn:" + part + ":logs:" + region + ":" + s.account() + ":log-group:" + group
	stream := c.Name + "/" + taskIDPlaceholder
	if prefix != "" {
		stream = prefix + "/" + stream
	}
	// AccessDenied messages for CreateLogStream name the stream's ARN
	// (log-group:G:log-stream:S), which is why CloudWatch Logs documents
	// the "log-group:G:*" form for policies. [reported messages]
	streamARN := groupARN + ":log-stream:" + stream
	needs := []need{
		{action: "logs:CreateLogStream", resource: streamARN},
		{action: "logs:PutLogEvents", resource: streamARN},
	}
	_, found, absent := s.w.LogGroups.Lookup(groupARN)
	// A complete listing speaks only for the input's own region.
	absent = absent && region == s.w.Region
	if !found {
		for _, g := range s.w.LogGroups.All() {
			gr := s.w.Region
			if p, ok := parseARN(g.Arn); ok {
				gr = p.region
			}
			if g.LogGroupName == group && gr == region {
				found, absent = true, false
			}
		}
	}
	if absent && create {
		// The driver calls CreateLogGroup only when CreateLogStream answers
		// ResourceNotFoundException (moby daemon/logger/awslogs,
		// createLogStream).
		needs = append([]need{{action: "logs:CreateLogGroup", resource: groupARN}}, needs...)
	}
	t := s.serviceTarget("logs", region, s.w.Partition)
	st := s.check(call{
		container: c.Name, step: StepLogs, subject: group, ruleID: "EPF-LOGS", kind: kindLogStream,
		what: "create log stream in " + group, ref: group, origin: c.Origin,
		target: &t, needs: needs,
	})
	if !found && !absent && create && st.Status != Fail {
		// Whether the group exists is not known: CreateLogGroup is needed
		// only if it does not, so a role that may not create it leaves the
		// step undecided rather than failed.
		probe := s.check(call{container: c.Name, step: StepLogs, kind: kindLogStream, target: &t,
			needs: []need{{action: "logs:CreateLogGroup", resource: groupARN}}})
		switch probe.Status {
		case Fail:
			st.Status = worse(st.Status, Unknown)
			st.Missing = append(st.Missing, "logs:DescribeLogGroups for "+group+" (the role may not call logs:CreateLogGroup, which the driver needs only if the group is missing)")
		case Unknown:
			st.Status = worse(st.Status, Unknown)
			st.Missing = append(st.Missing, probe.Missing...)
		}
	}
	switch {
	case absent && !create && st.Status != Fail:
		st.Status = Fail
		// [reported messages]: the wrapper as in doctorray117/minecraft-ondemand#12.
		st.StoppedReason = loggerInit + "create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist."
		st.Fix = "create log group " + group + " in " + region + ` (or set "awslogs-create-group": "true" and allow logs:CreateLogGroup)`
		st.Summary = "log group " + group + " does not exist"
		st.Missing = nil
	case !found && !absent && !create && st.Status != Fail:
		st.Status = worse(st.Status, Unknown)
		st.Missing = append(st.Missing, "logs:DescribeLogGroups for "+group)
	}
	s.steps = append(s.steps, st)
}
