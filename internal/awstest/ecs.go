package awstest

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

func init() {
	register[ecs.DescribeServicesOutput]("ecs:DescribeServices", ecsDescribeServices)
	register[ecs.ListServicesOutput]("ecs:ListServices", ecsListServices)
	register[ecs.DescribeTaskDefinitionOutput]("ecs:DescribeTaskDefinition", ecsDescribeTaskDefinition)
	register[ecs.DescribeCapacityProvidersOutput]("ecs:DescribeCapacityProviders", ecsDescribeCapacityProviders)
	register[ecs.DescribeTasksOutput]("ecs:DescribeTasks", ecsDescribeTasks)

	register[ecr.DescribeRepositoriesOutput]("ecr:DescribeRepositories", ecrDescribeRepositories)
	register[ecr.GetAuthorizationTokenOutput]("ecr:GetAuthorizationToken", ecrGetAuthorizationToken)
	register[ecr.GetRepositoryPolicyOutput]("ecr:GetRepositoryPolicy", ecrGetRepositoryPolicy)
	register[ecr.DescribePullThroughCacheRulesOutput]("ecr:DescribePullThroughCacheRules", func(r *request) (any, error) {
		return r.listResponse("ecr", "DescribePullThroughCacheRules", "pullThroughCacheRules", "nextToken", "maxResults", nil)
	})

	register[secretsmanager.DescribeSecretOutput]("secretsmanager:DescribeSecret", smDescribeSecret)
	register[secretsmanager.GetResourcePolicyOutput]("secretsmanager:GetResourcePolicy", smGetResourcePolicy)
	register[secretsmanager.GetSecretValueOutput]("secretsmanager:GetSecretValue", smGetSecretValue)

	register[kms.DescribeKeyOutput]("kms:DescribeKey", kmsDescribeKey)
	register[kms.GetKeyPolicyOutput]("kms:GetKeyPolicy", kmsGetKeyPolicy)
	register[kms.ListAliasesOutput]("kms:ListAliases", kmsListAliases)

	register[ssm.DescribeParametersOutput]("ssm:DescribeParameters", ssmDescribeParameters)
	register[ssm.GetParametersOutput]("ssm:GetParameters", ssmRefuse)
	register[ssm.GetParameterOutput]("ssm:GetParameter", ssmRefuse)
	register[ssm.GetParametersByPathOutput]("ssm:GetParametersByPath", ssmRefuse)

	register[cloudwatchlogs.DescribeLogGroupsOutput]("logs:DescribeLogGroups", logsDescribeLogGroups)

	register[organizations.DescribeOrganizationOutput]("organizations:DescribeOrganization", orgDescribeOrganization)
	register[organizations.ListParentsOutput]("organizations:ListParents", orgListParents)
	register[organizations.ListPoliciesForTargetOutput]("organizations:ListPoliciesForTarget", orgListPoliciesForTarget)
	register[organizations.DescribePolicyOutput]("organizations:DescribePolicy", orgDescribePolicy)
}

// listResponse serves a list operation from the snapshot: the items that
// keep passes (nil: all), one page at a time.
func (r *request) listResponse(section, op, listKey, tokenKey, maxKey string, keep func(map[string]any) bool) (any, error) {
	var items []any
	for _, it := range r.acct.items(section, op, listKey) {
		if m, ok := it.(map[string]any); ok && keep != nil && !keep(m) {
			continue
		}
		items = append(items, it)
	}
	pg, next, err := r.page(items, r.str(tokenKey), r.num(maxKey))
	if err != nil {
		return nil, err
	}
	out := map[string]any{listKey: orEmpty(pg)}
	if next != "" {
		out[tokenKey] = next
	}
	return out, nil
}

func orEmpty(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

// clusterMatches reports whether a resource's cluster ARN is the cluster
// the request names (name or ARN; "default" when absent, ECS-APIRef
// "DescribeServices": "If you do not specify a cluster, the default cluster
// is assumed").
func clusterMatches(clusterArn, cluster string) bool {
	if cluster == "" {
		cluster = "default"
	}
	return clusterArn == cluster || strings.HasSuffix(clusterArn, ":cluster/"+cluster)
}

func (r *request) ecsServices(cluster string) ([]map[string]any, error) {
	var out []map[string]any
	for _, it := range r.acct.items("ecs", "DescribeServices", "services") {
		if m, ok := it.(map[string]any); ok && clusterMatches(str(m, "clusterArn"), cluster) {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		// ECS-APIRef "DescribeServices" errors: ClusterNotFoundException.
		return nil, errorf(400, "ClusterNotFoundException", "Cluster not found.")
	}
	return out, nil
}

// ecsDescribeServices serves the services the request names; a name not in
// the cluster is a failure with reason MISSING, as ECS answers.
func ecsDescribeServices(r *request) (any, error) {
	cluster := r.str("cluster")
	svcs, err := r.ecsServices(cluster)
	if err != nil {
		return nil, err
	}
	var found, failures []any
	for _, name := range r.strs("services") {
		i := slices.IndexFunc(svcs, func(m map[string]any) bool {
			return str(m, "serviceArn") == name || str(m, "serviceName") == name
		})
		if i < 0 {
			arn := name
			if !strings.HasPrefix(name, "arn:") {
				c := cluster
				if c == "" {
					c = "default"
				}
				if i := strings.LastIndex(c, "/"); i >= 0 {
					c = c[i+1:]
				}
				arn = "arn:" + r.acct.partition + ":ecs:" + r.acct.region + ":" + r.acct.id + ":service/" + c + "/" + name
			}
			failures = append(failures, map[string]any{"arn": arn, "reason": "MISSING"})
			continue
		}
		found = append(found, svcs[i])
	}
	return map[string]any{"services": orEmpty(found), "failures": orEmpty(failures)}, nil
}

// ecsDescribeTasks serves the tasks the request names, by ARN or id, from
// the document's ecs.DescribeTasks.tasks in the cluster; a task not there
// is a failure with reason MISSING (ECS-APIRef "DescribeTasks": tasks,
// failures).
func ecsDescribeTasks(r *request) (any, error) {
	cluster := r.str("cluster")
	var found, failures []any
	for _, id := range r.strs("tasks") {
		var hit map[string]any
		for _, it := range r.acct.items("ecs", "DescribeTasks", "tasks") {
			m, ok := it.(map[string]any)
			arn := str(m, "taskArn")
			if ok && clusterMatches(str(m, "clusterArn"), cluster) && (arn == id || strings.HasSuffix(arn, "/"+id)) {
				hit = m
				break
			}
		}
		if hit == nil {
			failures = append(failures, map[string]any{"arn": id, "reason": "MISSING"})
			continue
		}
		found = append(found, hit)
	}
	return map[string]any{"tasks": orEmpty(found), "failures": orEmpty(failures)}, nil
}

func ecsListServices(r *request) (any, error) {
	svcs, err := r.ecsServices(r.str("cluster"))
	if err != nil {
		return nil, err
	}
	// ECS-APIRef "ListServices": launchType and schedulingStrategy filter
	// the results.
	lt, ss := r.str("launchType"), r.str("schedulingStrategy")
	var arns []any
	for _, s := range svcs {
		if (lt == "" || str(s, "launchType") == lt) && (ss == "" || str(s, "schedulingStrategy") == ss) {
			arns = append(arns, str(s, "serviceArn"))
		}
	}
	pg, next, err := r.page(arns, r.str("nextToken"), r.num("maxResults"))
	if err != nil {
		return nil, err
	}
	out := map[string]any{"serviceArns": orEmpty(pg)}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

// ecsDescribeTaskDefinition finds a task definition by ARN, family:revision,
// or family (its latest ACTIVE revision; ECS-APIRef
// "DescribeTaskDefinition"). ECS answers an unknown one with
// ClientException "Unable to describe task definition.".
func ecsDescribeTaskDefinition(r *request) (any, error) {
	id := r.str("taskDefinition")
	entries, _ := r.acct.entries("ecs", "DescribeTaskDefinition")
	var best map[string]any
	bestRev := -1
	for _, e := range entries {
		arn := str(e, "taskDefinition.taskDefinitionArn")
		family := str(e, "taskDefinition.family")
		rev := str(e, "taskDefinition.revision")
		if arn == id || family+":"+rev == id || strings.HasSuffix(arn, ":task-definition/"+id) {
			return e, nil
		}
		if family == id && str(e, "taskDefinition.status") != "INACTIVE" {
			if n, err := strconv.Atoi(rev); err == nil && n > bestRev {
				best, bestRev = e, n
			}
		}
	}
	if best != nil {
		return best, nil
	}
	return nil, errorf(400, "ClientException", "Unable to describe task definition.")
}

func ecsDescribeCapacityProviders(r *request) (any, error) {
	names := r.strs("capacityProviders")
	var found, failures []any
	items := r.acct.items("ecs", "DescribeCapacityProviders", "capacityProviders")
	for _, n := range names {
		i := slices.IndexFunc(items, func(it any) bool {
			m, _ := it.(map[string]any)
			return str(m, "name") == n || str(m, "capacityProviderArn") == n
		})
		if i < 0 {
			failures = append(failures, map[string]any{"arn": n, "reason": "MISSING"})
			continue
		}
		found = append(found, items[i])
	}
	if len(names) == 0 {
		found = items
	}
	return map[string]any{"capacityProviders": orEmpty(found), "failures": orEmpty(failures)}, nil
}

// ecrDescribeRepositories serves the repositories named (all when none is);
// a name that does not exist is RepositoryNotFoundException
// (ECR-APIRef "DescribeRepositories").
func ecrDescribeRepositories(r *request) (any, error) {
	names := r.strs("repositoryNames")
	if len(names) == 0 {
		return r.listResponse("ecr", "DescribeRepositories", "repositories", "nextToken", "maxResults", nil)
	}
	var found []any
	for _, n := range names {
		repo, ok := r.ecrRepository(n)
		if !ok {
			return nil, r.repoNotFound(n)
		}
		found = append(found, repo)
	}
	return map[string]any{"repositories": found}, nil
}

func (r *request) ecrRepository(name string) (map[string]any, bool) {
	for _, it := range r.acct.items("ecr", "DescribeRepositories", "repositories") {
		if m, ok := it.(map[string]any); ok && (str(m, "repositoryName") == name || str(m, "repositoryArn") == name) {
			return m, true
		}
	}
	return nil, false
}

func (r *request) repoNotFound(name string) error {
	return errorf(400, "RepositoryNotFoundException", "The repository with name '%s' does not exist in the registry with id '%s'", name, r.acct.id)
}

// ecrGetRepositoryPolicy serves a repository's policy;
// RepositoryPolicyNotFoundException for a repository without one
// (ECR-APIRef "GetRepositoryPolicy").
func ecrGetRepositoryPolicy(r *request) (any, error) {
	name := r.str("repositoryName")
	if e, ok := r.acct.find("ecr", "GetRepositoryPolicy", "repositoryName", name); ok {
		return e, nil
	}
	if _, ok := r.ecrRepository(name); !ok {
		return nil, r.repoNotFound(name)
	}
	if !r.acct.hasOp("ecr", "GetRepositoryPolicy") {
		return nil, unknownFact(r, "repository "+name)
	}
	return nil, errorf(400, "RepositoryPolicyNotFoundException", "Repository policy does not exist for the repository with name '%s' in the registry with id '%s'", name, r.acct.id)
}

// ecrGetAuthorizationToken issues a registry token: base64 of
// "AWS:password", valid for 12 hours, for the account's registry
// (ECR-APIRef "GetAuthorizationToken"; ECR-UG "Private registry
// authentication in Amazon ECR"). The password is a fixed test value.
func ecrGetAuthorizationToken(r *request) (any, error) {
	token := base64.StdEncoding.EncodeToString([]byte("AWS:awstest-ecr-password-" + r.acct.id))
	return map[string]any{"authorizationData": []any{map[string]any{
		"authorizationToken": token,
		"expiresAt":          time.Now().Add(12 * time.Hour).UTC().Format(time.RFC3339),
		"proxyEndpoint":      "https://" + r.acct.id + ".dkr.ecr." + r.acct.region + ".amazonaws.com",
	}}}, nil
}

// secretIDs returns the ways a request may name a secret: ARN, name, and
// the ARN without its six-character random suffix (SM-UG "Find secrets":
// a partial ARN).
func secretIDs(m map[string]any) []string {
	arn := str(m, "ARN")
	ids := []string{arn, str(m, "Name")}
	if i := strings.LastIndex(arn, "-"); i > 0 && len(arn)-i == 7 {
		ids = append(ids, arn[:i])
	}
	return ids
}

func (r *request) secret(id string) (map[string]any, bool) {
	entries, _ := r.acct.entries("secretsmanager", "DescribeSecret")
	for _, e := range entries {
		if slices.Contains(secretIDs(e), id) {
			return e, true
		}
	}
	return nil, false
}

// smNotFound is Secrets Manager's answer for an unknown secret
// (SM-APIRef "DescribeSecret": ResourceNotFoundException).
func smNotFound() error {
	return errorf(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

func smDescribeSecret(r *request) (any, error) {
	if e, ok := r.secret(r.str("SecretId")); ok {
		return e, nil
	}
	return nil, smNotFound()
}

// smGetResourcePolicy answers a secret without a policy with its ARN and
// name only, as the API does.
func smGetResourcePolicy(r *request) (any, error) {
	id := r.str("SecretId")
	entries, _ := r.acct.entries("secretsmanager", "GetResourcePolicy")
	for _, e := range entries {
		if slices.Contains(secretIDs(e), id) {
			return e, nil
		}
	}
	if s, ok := r.secret(id); ok {
		// Absent from a present GetResourcePolicy: no policy (docs/snapshot.md).
		if !r.acct.hasOp("secretsmanager", "GetResourcePolicy") {
			return nil, unknownFact(r, "secret "+id)
		}
		return map[string]any{"ARN": str(s, "ARN"), "Name": str(s, "Name")}, nil
	}
	return nil, smNotFound()
}

// smGetSecretValue serves only values a test added with WithSecretValue.
func smGetSecretValue(r *request) (any, error) {
	id := r.str("SecretId")
	s, ok := r.secret(id)
	var ids []string
	if ok {
		ids = secretIDs(s)
	} else {
		ids = []string{id}
	}
	for _, i := range ids {
		if v, ok := r.s.secretValues[i]; ok {
			out := map[string]any{"SecretString": v, "VersionStages": []any{"AWSCURRENT"}}
			if s != nil {
				out["ARN"], out["Name"] = str(s, "ARN"), str(s, "Name")
			}
			return out, nil
		}
	}
	return nil, errorf(400, "AccessDeniedException", "awstest: GetSecretValue of %q is not served (no WithSecretValue)", id)
}

// kmsKey resolves a key id, key ARN, alias name or alias ARN
// (KMS-APIRef "DescribeKey": KeyId) to its DescribeKey entry.
func (r *request) kmsKey(id string) (map[string]any, bool) {
	if strings.HasPrefix(id, "alias/") || strings.Contains(id, ":alias/") {
		for _, it := range r.acct.items("kms", "ListAliases", "Aliases") {
			if m, ok := it.(map[string]any); ok && (str(m, "AliasName") == id || str(m, "AliasArn") == id) {
				id = str(m, "TargetKeyId")
				break
			}
		}
	}
	return r.acct.find("kms", "DescribeKey", "KeyMetadata.KeyId", id)
}

func kmsNotFound(id string) error {
	return errorf(400, "NotFoundException", "Key '%s' does not exist", id)
}

func kmsDescribeKey(r *request) (any, error) {
	id := r.str("KeyId")
	if e, ok := r.kmsKey(id); ok {
		return e, nil
	}
	if e, ok := r.acct.find("kms", "DescribeKey", "KeyMetadata.Arn", id); ok {
		return e, nil
	}
	return nil, kmsNotFound(id)
}

func kmsGetKeyPolicy(r *request) (any, error) {
	id := r.str("KeyId")
	key, ok := r.kmsKey(id)
	if !ok {
		key, ok = r.acct.find("kms", "DescribeKey", "KeyMetadata.Arn", id)
	}
	ids := []string{id}
	if ok {
		ids = append(ids, str(key, "KeyMetadata.KeyId"), str(key, "KeyMetadata.Arn"))
	}
	if e, ok := r.acct.find("kms", "GetKeyPolicy", "KeyId", ids...); ok {
		out := map[string]any{"Policy": e["Policy"], "PolicyName": "default"}
		return out, nil
	}
	if ok {
		return nil, unknownFact(r, "key "+id) // every key has a key policy
	}
	return nil, kmsNotFound(id)
}

// kmsListAliases pages with Marker, NextMarker and Truncated
// (KMS-APIRef "ListAliases").
func kmsListAliases(r *request) (any, error) {
	keyID := r.str("KeyId")
	var items []any
	for _, it := range r.acct.items("kms", "ListAliases", "Aliases") {
		if m, ok := it.(map[string]any); ok && keyID != "" && str(m, "TargetKeyId") != keyID {
			continue
		}
		items = append(items, it)
	}
	pg, next, err := r.page(items, r.str("Marker"), r.num("Limit"))
	if err != nil {
		return nil, err
	}
	out := map[string]any{"Aliases": orEmpty(pg), "Truncated": next != ""}
	if next != "" {
		out["NextMarker"] = next
	}
	return out, nil
}

// ssmDescribeParameters applies ParameterFilters with Key Name and Option
// Equals or BeginsWith (SSM-APIRef "ParameterStringFilter"); other filters
// are refused so that a test cannot pass on a filter this server ignores.
func ssmDescribeParameters(r *request) (any, error) {
	type filter struct {
		key, option string
		values      []string
	}
	var filters []filter
	if l, ok := r.json["ParameterFilters"].([]any); ok {
		for _, f := range l {
			m, _ := f.(map[string]any)
			fl := filter{key: str(m, "Key"), option: str(m, "Option"), values: values(m, "Values")}
			if fl.option == "" {
				fl.option = "Equals"
			}
			if fl.key != "Name" || (fl.option != "Equals" && fl.option != "BeginsWith") {
				return nil, errorf(400, "InvalidFilterKey", "awstest: parameter filter %s/%s is not served", fl.key, fl.option)
			}
			filters = append(filters, fl)
		}
	}
	keep := func(m map[string]any) bool {
		name := str(m, "Name")
		for _, f := range filters {
			if !slices.ContainsFunc(f.values, func(v string) bool {
				if f.option == "BeginsWith" {
					return strings.HasPrefix(name, v) || strings.HasPrefix("/"+strings.TrimPrefix(name, "/"), v)
				}
				return name == v || "/"+strings.TrimPrefix(name, "/") == "/"+strings.TrimPrefix(v, "/")
			}) {
				return false
			}
		}
		return true
	}
	return r.listResponse("ssm", "DescribeParameters", "Parameters", "NextToken", "MaxResults", keep)
}

// ssmRefuse never serves a parameter value.
func ssmRefuse(r *request) (any, error) {
	return nil, errorf(400, "AccessDeniedException", "awstest: ssm:%s returns parameter values and is never served", r.op)
}

// logsDescribeLogGroups applies logGroupNamePrefix, logGroupNamePattern
// (a substring, CWL-APIRef "DescribeLogGroups") and logGroupIdentifiers.
func logsDescribeLogGroups(r *request) (any, error) {
	prefix, pattern, ids := r.str("logGroupNamePrefix"), r.str("logGroupNamePattern"), r.strs("logGroupIdentifiers")
	keep := func(m map[string]any) bool {
		name := str(m, "logGroupName")
		if len(ids) > 0 && !slices.Contains(ids, name) && !slices.Contains(ids, strings.TrimSuffix(str(m, "arn"), ":*")) &&
			!slices.Contains(ids, str(m, "logGroupArn")) {
			return false
		}
		return strings.HasPrefix(name, prefix) && strings.Contains(name, pattern)
	}
	return r.listResponse("logs", "DescribeLogGroups", "logGroups", "nextToken", "limit", keep)
}

// orgDescribeOrganization answers AWSOrganizationsNotInUseException when
// the snapshot has no organization.
func orgDescribeOrganization(r *request) (any, error) {
	entries, _ := r.acct.entries("organizations", "DescribeOrganization")
	if len(entries) == 0 {
		return nil, errorf(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
	}
	return entries[0], nil
}

func orgListParents(r *request) (any, error) {
	child := r.str("ChildId")
	e, ok := r.acct.merged("organizations", "ListParents", "Parents", func(e map[string]any) bool { return str(e, "ChildId") == child })
	if !ok {
		return nil, unknownFact(r, child)
	}
	return r.pageOf(e, "Parents", "NextToken", "MaxResults")
}

func orgListPoliciesForTarget(r *request) (any, error) {
	target, filter := r.str("TargetId"), r.str("Filter")
	if e, ok := r.acct.merged("organizations", "ListPoliciesForTarget", "Policies", func(e map[string]any) bool {
		return str(e, "TargetId") == target && str(e, "Filter") == filter
	}); ok {
		return r.pageOf(e, "Policies", "NextToken", "MaxResults")
	}
	return nil, unknownFact(r, target+" "+filter)
}

// awsManagedPolicies are the AWS managed organization policies, with their
// documented content (AWS Organizations "Service control policies":
// FullAWSAccess; "Resource control policy examples": RCPFullAWSAccess), as
// source/snapshot uses them.
var awsManagedPolicies = map[string]string{
	"p-FullAWSAccess":    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
	"p-RCPFullAWSAccess": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`,
}

// orgDescribePolicy serves a policy's DescribePolicy entry; an AWS managed
// full-access policy a listing names is served with its documented content
// (the snapshot needs no entry for it, docs/snapshot.md).
func orgDescribePolicy(r *request) (any, error) {
	id := r.str("PolicyId")
	if e, ok := r.acct.find("organizations", "DescribePolicy", "Policy.PolicySummary.Id", id); ok {
		return e, nil
	}
	if content, ok := awsManagedPolicies[id]; ok {
		for _, it := range r.acct.items("organizations", "ListPoliciesForTarget", "Policies") {
			if m, _ := it.(map[string]any); str(m, "Id") == id {
				return map[string]any{"Policy": map[string]any{"PolicySummary": m, "Content": content}}, nil
			}
		}
	}
	return nil, errorf(400, "PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
}

// pageOf pages the list listKey of one per-resource response.
func (r *request) pageOf(e map[string]any, listKey, tokenKey, maxKey string) (any, error) {
	l, _ := e[listKey].([]any)
	pg, next, err := r.page(l, r.str(tokenKey), r.num(maxKey))
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, v := range e {
		out[k] = v
	}
	out[listKey] = orEmpty(pg)
	delete(out, tokenKey)
	if next != "" {
		out[tokenKey] = next
	}
	return out, nil
}
