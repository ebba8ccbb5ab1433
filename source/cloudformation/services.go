package cloudformation

import (
	"encoding/json"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

func (l *loader) repository(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	arn, err := l.attrOrUnresolved(r, "Arn")
	if err != nil {
		return err
	}
	uri, err := l.attrOrUnresolved(r, "RepositoryUri")
	if err != nil {
		return err
	}
	repo := &world.Repository{RepositoryArn: arn, RegistryId: l.account, RepositoryName: name, RepositoryUri: uri,
		EncryptionType: "AES256", Origin: l.origin(r)}
	doc, unknown, _, err := p.policy("RepositoryPolicyText")
	if err != nil {
		return err
	}
	// The template states the repository policy; without one the
	// repository has none.
	repo.PolicyText, repo.PolicyKnown = doc, unknown == ""
	if ec, ok, err := p.object("EncryptionConfiguration"); err != nil {
		return err
	} else if ok {
		if repo.EncryptionType, err = ec.strOr("EncryptionType", "AES256"); err != nil {
			return err
		}
		if repo.KmsKey, err = ec.strOr("KmsKey", ""); err != nil {
			return err
		}
	}
	l.w.Repositories.Put(arn, repo)
	return nil
}

// secret reads AWS::SecretsManager::Secret. Only the shape of the value is
// kept — JSON key names — never the value itself.
func (l *loader) secret(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	arn, err := l.attrOrUnresolved(r, "")
	if err != nil {
		return err
	}
	s := &world.Secret{ARN: arn, Name: name, ResourcePolicyKnown: true, Origin: l.origin(r)}
	if s.KmsKeyId, err = p.strOr("KmsKeyId", ""); err != nil {
		return err
	}
	if v, ok := p.raw("SecretString"); ok && v.k == vStr {
		s.Value = shapeOf(v.s)
	} else if g, ok, err := p.object("GenerateSecretString"); err != nil {
		return err
	} else if ok {
		tmpl, err := g.strOr("SecretStringTemplate", "")
		if err != nil {
			return err
		}
		key, err := g.strOr("GenerateStringKey", "")
		if err != nil {
			return err
		}
		switch {
		case tmpl == "" && key == "":
			s.Value = &world.SecretShape{Kind: "text"}
		case world.IsUnresolved(tmpl) && tmpl != "":
		default:
			// CFN reference GenerateSecretString: the generated string is
			// added under GenerateStringKey to the JSON of
			// SecretStringTemplate.
			sh := shapeOf(tmpl)
			if tmpl == "" {
				sh = &world.SecretShape{Kind: "json"}
			}
			if sh != nil && sh.Kind == "json" && key != "" {
				sh.Keys = append(sh.Keys, key)
			}
			s.Value = sh
		}
	}
	l.w.Secrets.Put(arn, s)
	return nil
}

// shapeOf describes a secret string: a JSON object's keys, or text. A
// value the template cannot show (a marker outside a JSON string) is nil.
func shapeOf(s string) *world.SecretShape {
	// A marker inside a JSON string would break the JSON (it holds
	// quotes); its content does not matter to the shape.
	orig := s
	s = stripMarkers(s)
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err == nil {
		sh := &world.SecretShape{Kind: "json"}
		for k := range m {
			sh.Keys = append(sh.Keys, k)
		}
		sortStrings(sh.Keys)
		return sh
	}
	if strings.Contains(orig, markerOpen) {
		return nil
	}
	return &world.SecretShape{Kind: "text"}
}

// stripMarkers replaces each unresolved marker with "?".
func stripMarkers(s string) string {
	for {
		i := strings.Index(s, markerOpen)
		if i < 0 {
			return s
		}
		inner := markerText(s[i:])
		end := i + len(markerOpen) + len(inner) + 1
		if end > len(s) {
			return s[:i] + "?"
		}
		s = s[:i] + "?" + s[end:]
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func (l *loader) secretResourcePolicy(r *resource, p obj) error {
	id, err := p.strOr("SecretId", "")
	if err != nil {
		return err
	}
	s := l.w.Secrets.Get(id)
	if s == nil {
		for _, x := range l.w.Secrets.All() {
			if x.Name == id {
				s = x
			}
		}
	}
	if s == nil {
		return nil
	}
	doc, unknown, _, err := p.policy("ResourcePolicy")
	if err != nil {
		return err
	}
	s.ResourcePolicy, s.ResourcePolicyKnown = doc, unknown == ""
	return nil
}

// defaultKeyPolicy is the key policy KMS gives a key created without one
// (KMS-DG "Default key policy"; CFN reference AWS::KMS::Key KeyPolicy): it
// delegates to IAM in the account.
func (l *loader) defaultKeyPolicy() string {
	return `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:` +
		l.partition + `:iam::` + l.account + `:root"},"Action":"kms:*","Resource":"*"}]}`
}

func (l *loader) key(r *resource, p obj) error {
	arn, err := l.attrOrUnresolved(r, "Arn")
	if err != nil {
		return err
	}
	k := &world.Key{KeyId: l.lid(r), Arn: arn, KeyManager: "CUSTOMER", KeyState: "Enabled", Origin: l.origin(r)}
	doc, _, given, err := p.policy("KeyPolicy")
	if err != nil {
		return err
	}
	if !given {
		doc = l.defaultKeyPolicy()
	}
	k.Policy = doc
	if enabled, err := p.boolOr("Enabled", true); err != nil {
		return err
	} else if !enabled {
		k.KeyState = "Disabled"
	}
	l.w.Keys.Put(arn, k)
	return nil
}

func (l *loader) keyAlias(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	target, err := p.strOr("TargetKeyId", "")
	if err != nil {
		return err
	}
	if i := strings.LastIndex(target, ":key/"); i >= 0 {
		target = target[i+len(":key/"):]
	}
	arn := l.arn("kms", l.region, name)
	l.w.KeyAliases.Put(arn, &world.KeyAlias{AliasName: name, AliasArn: arn, TargetKeyId: target, Origin: l.origin(r)})
	return nil
}

// ssmParameter reads AWS::SSM::Parameter. CFN reference: "AWS
// CloudFormation doesn't support creating a SecureString parameter type."
func (l *loader) ssmParameter(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	typ, err := p.strOr("Type", "String")
	if err != nil {
		return err
	}
	if typ == "SecureString" {
		v, _ := p.raw("Type")
		return l.errVal(v, r.id+".Properties.Type", "CloudFormation cannot create SecureString parameters (CFN reference AWS::SSM::Parameter); create the parameter outside the stack and reference it by name")
	}
	arn := l.arn("ssm", l.region, "parameter/"+strings.TrimPrefix(name, "/"))
	l.w.Parameters.Put(arn, &world.Parameter{Name: name, ARN: arn, Type: typ, Origin: l.origin(r)})
	return nil
}

func (l *loader) logGroup(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	arn := l.arn("logs", l.region, "log-group:"+name)
	g := &world.LogGroup{LogGroupName: name, Arn: arn, Origin: l.origin(r)}
	if g.KmsKeyId, err = p.strOr("KmsKeyId", ""); err != nil {
		return err
	}
	l.w.LogGroups.Put(arn, g)
	return nil
}

func (l *loader) bucket(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	l.w.Buckets.Put(name, &world.Bucket{Name: name, Region: l.region, Account: l.account, PolicyKnown: true, Origin: l.origin(r)})
	return nil
}

func (l *loader) bucketPolicy(r *resource, p obj) error {
	name, err := p.strOr("Bucket", "")
	if err != nil {
		return err
	}
	b := l.w.Buckets.Get(name)
	if b == nil {
		return nil
	}
	doc, unknown, _, err := p.policy("PolicyDocument")
	if err != nil {
		return err
	}
	b.Policy, b.PolicyKnown = doc, unknown == ""
	return nil
}
