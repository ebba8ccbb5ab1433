package tfplan

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

func (r *reader) buildRepositories() {
	byName := map[string]*world.Repository{}
	for _, in := range r.each("aws_ecr_repository") {
		arn, _, _ := r.str(in, nil, "arn")
		repo := &world.Repository{RepositoryArn: arn, RepositoryName: in.str("name"), Origin: r.origin(in)}
		repo.RegistryId, _, _ = r.str(in, nil, "registry_id")
		repo.RepositoryUri, _, _ = r.str(in, nil, "repository_url")
		repo.EncryptionType = in.str("encryption_configuration", 0, "encryption_type")
		repo.KmsKey = in.str("encryption_configuration", 0, "kms_key")
		// A repository the plan creates has no policy unless the plan adds
		// one; one that exists may have a policy set outside Terraform.
		repo.PolicyKnown = in.created && !in.data
		r.w.Repositories.Put(arn, repo)
		byName[repo.RepositoryName] = repo
	}
	for _, in := range r.each("aws_ecr_repository_policy") {
		name, ok, _ := r.str(in, []string{"aws_ecr_repository"}, "repository")
		repo := byName[name]
		if !ok || repo == nil {
			continue
		}
		unknown := map[string]string{}
		repo.PolicyText = r.policyOf(in, "policy", unknown, "policy")
		repo.PolicyKnown = unknown["policy"] == ""
	}
}

func (r *reader) buildSecrets() {
	for _, in := range r.each("aws_secretsmanager_secret") {
		arn, _, _ := r.str(in, nil, "arn")
		sec := &world.Secret{ARN: arn, Name: in.str("name"), Origin: r.origin(in)}
		if k, ok, _ := r.str(in, []string{"aws_kms_key", "aws_kms_alias"}, "kms_key_id"); ok || k != "" {
			sec.KmsKeyId = k
		}
		unknown := map[string]string{}
		if in.known("policy") || in.created && !r.configured(in, "policy") {
			sec.ResourcePolicy = in.str("policy")
			sec.ResourcePolicyKnown = true
		} else if doc := r.policyOf(in, "policy", unknown, "policy"); unknown["policy"] == "" {
			sec.ResourcePolicy, sec.ResourcePolicyKnown = doc, true
		}
		r.w.Secrets.Put(arn, sec)
	}
	for _, in := range r.each("aws_secretsmanager_secret_policy") {
		arn, ok, _ := r.str(in, []string{"aws_secretsmanager_secret"}, "secret_arn")
		sec := r.w.Secrets.Get(arn)
		if !ok || sec == nil {
			continue
		}
		unknown := map[string]string{}
		sec.ResourcePolicy = r.policyOf(in, "policy", unknown, "policy")
		sec.ResourcePolicyKnown = unknown["policy"] == ""
	}
	for _, in := range r.each("aws_secretsmanager_secret_version") {
		arn, ok, _ := r.str(in, []string{"aws_secretsmanager_secret"}, "secret_id")
		sec := r.w.Secrets.Get(arn)
		if !ok || sec == nil || in.shape == nil {
			continue
		}
		sec.Value = in.shape
	}
}

// shapeOf describes a secret version's value without keeping it: its kind
// and, for a JSON object, its top-level keys. nil when the value is known
// only after apply.
func shapeOf(vals, unknown map[string]any) *world.SecretShape {
	if u, _ := unknown["secret_string"].(bool); u {
		return nil
	}
	if s, ok := vals["secret_string"].(string); ok && s != "" {
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(s), &obj) == nil && obj != nil {
			return &world.SecretShape{Kind: "json", Keys: slices.Sorted(maps.Keys(obj))}
		}
		return &world.SecretShape{Kind: "text"}
	}
	if u, _ := unknown["secret_binary"].(bool); u {
		return nil
	}
	if s, ok := vals["secret_binary"].(string); ok && s != "" {
		return &world.SecretShape{Kind: "binary"}
	}
	return nil
}

// defaultKeyPolicy is the key policy AWS gives a key created without one
// (KMS-DG "Default key policy"): the account root, so IAM policies decide.
func defaultKeyPolicy(partition, account string) string {
	return `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:` +
		partition + `:iam::` + account + `:root"},"Action":"kms:*","Resource":"*"}]}`
}

func (r *reader) buildKeys() {
	for _, in := range r.each("aws_kms_key") {
		arn, _, _ := r.str(in, nil, "arn")
		k := &world.Key{Arn: arn, KeyManager: cmp.Or(in.str("key_manager"), "CUSTOMER"), KeyState: in.str("key_state"), Origin: r.origin(in)}
		k.KeyId, _, _ = r.str(in, nil, "key_id")
		if !in.data {
			k.KeyState = "Enabled"
			if b, ok := in.boolAttr("is_enabled"); ok && !b {
				k.KeyState = "Disabled"
			}
			switch {
			case in.known("policy"):
				k.Policy = in.str("policy")
			case in.created && !r.configured(in, "policy") && r.w.AccountID != "":
				k.Policy = defaultKeyPolicy(r.partition(), r.w.AccountID)
			default:
				k.Policy = r.policyOf(in, "policy", map[string]string{}, "policy")
			}
		}
		r.w.Keys.Put(arn, k)
	}
	for _, in := range r.each("aws_kms_key_policy") {
		id, ok, _ := r.str(in, []string{"aws_kms_key"}, "key_id")
		if !ok {
			continue
		}
		for _, k := range r.w.Keys.All() {
			if k.KeyId == id || k.Arn == id {
				k.Policy = r.policyOf(in, "policy", map[string]string{}, "policy")
			}
		}
	}
	for _, in := range r.each("aws_kms_alias") {
		name := in.str("name")
		arn, _, _ := r.str(in, nil, "arn")
		target, _, _ := r.str(in, []string{"aws_kms_key"}, "target_key_id")
		if i := strings.Index(target, ":key/"); i >= 0 {
			target = target[i+len(":key/"):]
		}
		r.w.KeyAliases.Put(arn, &world.KeyAlias{AliasName: name, AliasArn: arn, TargetKeyId: target, Origin: r.origin(in)})
	}
}

func (r *reader) buildParameters() {
	for _, in := range r.each("aws_ssm_parameter") {
		arn, _, _ := r.str(in, nil, "arn")
		// The value is never read: only name, type and key.
		p := &world.Parameter{Name: in.str("name"), ARN: arn, Type: in.str("type"), Tier: in.str("tier"), Origin: r.origin(in)}
		p.KeyId, _, _ = r.str(in, []string{"aws_kms_key", "aws_kms_alias"}, "key_id")
		if p.Type == "SecureString" && p.KeyId == "" || world.IsUnresolved(p.KeyId) && in.created && !r.configured(in, "key_id") {
			// AWS provider docs "aws_ssm_parameter": without key_id a SecureString
			// uses the account's default key, alias/aws/ssm.
			p.KeyId = "alias/aws/ssm"
		}
		r.w.Parameters.Put(arn, p)
	}
	for _, in := range r.each("aws_cloudwatch_log_group") {
		arn, _, _ := r.str(in, nil, "arn")
		arn = strings.TrimSuffix(arn, ":*")
		g := &world.LogGroup{LogGroupName: in.str("name"), Arn: arn, KmsKeyId: in.str("kms_key_id"), Origin: r.origin(in)}
		r.w.LogGroups.Put(arn, g)
	}
}
