#!/usr/bin/env python3
"""Writes the plan fixtures in this directory.

Each fixture has the shape `terraform show -json PLANFILE` prints (format
1.2, Terraform 1.9, hashicorp/aws 5.x): planned_values, resource_changes
with after/after_unknown/after_sensitive, prior_state holding the data
sources read at plan time and existing resources, and configuration with
the expressions and references of the root module and of module calls
(terraform-aws-modules/vpc/aws 5.x, whose resources link through
local.vpc_id and element(..., count.index)). Run: python3 gen.py
"""
import json, os, copy

ACCT = "111122223333"
REGION = "eu-west-1"
PROVIDER = "registry.terraform.io/hashicorp/aws"
HERE = os.path.dirname(os.path.abspath(__file__))


def c(v):
    return {"constant_value": v}


def ref(*refs):
    out = []
    for r in refs:
        out.extend(r if isinstance(r, list) else [r])
    return {"references": out}


def attr_ref(res, attr, idx=None):
    """The references Terraform lists for res[idx].attr."""
    if idx is None:
        return [f"{res}.{attr}", res]
    return [f"{res}[{idx}].{attr}", f"{res}[{idx}]", res]


def unknown_of(values, unknown):
    """after_unknown: true for unknown attributes, structure otherwise."""
    out = {}
    for k, v in values.items():
        if isinstance(v, list):
            out[k] = [unknown_of(e, {}) if isinstance(e, dict) else False for e in v]
        elif isinstance(v, dict):
            out[k] = {}
    for k in unknown:
        out[k] = True
    return out


def sens_of(values, sensitive):
    out = {}
    for k, v in values.items():
        if isinstance(v, list):
            out[k] = [sens_of(e, []) if isinstance(e, dict) else False for e in v]
        elif isinstance(v, dict):
            out[k] = {}
    for k in sensitive:
        out[k] = True
    return out


class Plan:
    def __init__(self, desc):
        self.desc = desc
        self.changes = []
        self.planned = {}  # module address -> [resource]
        self.prior = {}
        self.config_root = {"resources": [], "module_calls": {}, "variables": {}}
        self.variables = {}
        self.outputs = {}

    def resource(self, typ, name, values, unknown=(), index=None, module="", actions=("create",),
                 sensitive=(), expressions=None, before=None, mode="managed", count=None, config=True, cfg_module=None):
        addr = ("data." if mode == "data" else "") + f"{typ}.{name}"
        if index is not None:
            addr += f"[{json.dumps(index)}]"
        full = f"{module}.{addr}" if module else addr
        values = dict(values)
        for u in unknown:
            values.pop(u, None)
        pv = {"address": full, "mode": mode, "type": typ, "name": name}
        if index is not None:
            pv["index"] = index
        pv.update({"provider_name": PROVIDER, "schema_version": 0, "values": values,
                   "sensitive_values": sens_of(values, sensitive)})
        rc = {"address": full}
        if module:
            rc["module_address"] = module
        rc.update({"mode": mode, "type": typ, "name": name})
        if index is not None:
            rc["index"] = index
        rc["provider_name"] = PROVIDER
        after = values
        rc["change"] = {
            "actions": list(actions),
            "before": before,
            "after": after,
            "after_unknown": unknown_of(values, unknown),
            "before_sensitive": False if before is None else sens_of(before, sensitive),
            "after_sensitive": sens_of(values, sensitive),
        }
        if mode == "data" and list(actions) == ["no-op"]:
            # Data sources read during plan are only in prior_state.
            self.prior.setdefault(module, []).append(pv)
        else:
            self.changes.append(rc)
            self.planned.setdefault(module, []).append(pv)
            if before is not None:
                prior = dict(pv)
                prior["values"] = before
                self.prior.setdefault(module, []).append(prior)
        if config and (index is None or index in (0, "a")):
            cr = {"address": addr if index is None else addr.split("[")[0], "mode": mode, "type": typ, "name": name,
                  "provider_config_key": "aws" if not module else f"{module.replace('module.', '')}:aws",
                  "expressions": expressions or {}, "schema_version": 0}
            if count is not None:
                cr["count_expression"] = count
            target = cfg_module if cfg_module is not None else self.config_root
            target["resources"].append(cr)
        return full

    def existing(self, typ, name, values, **kw):
        return self.resource(typ, name, values, actions=("no-op",), before=values, **kw)

    def data(self, typ, name, values, **kw):
        return self.resource(typ, name, values, mode="data", actions=("no-op",), **kw)

    def var(self, name, value, default=None):
        self.variables[name] = {"value": value}
        v = {}
        if default is not None:
            v["default"] = default
        self.config_root["variables"][name] = v

    def module_tree(self, tree):
        def build(addr):
            m = {"resources": self_sorted(tree.get(addr, []))}
            if addr:
                m["address"] = addr
            kids = sorted(k for k in tree if k and k.rsplit(".module.", 1)[0] == addr and k != addr
                          and (addr != "" or k.count("module.") == 1))
            if kids:
                m["child_modules"] = [build(k) for k in kids]
            return m

        def self_sorted(rs):
            return sorted(rs, key=lambda r: r["address"])
        return build("")

    def json(self):
        plan = {
            "format_version": "1.2",
            "terraform_version": "1.9.8",
            "variables": self.variables,
            "planned_values": {"root_module": self.module_tree(self.planned)},
            "resource_changes": self.changes,
            "prior_state": {"format_version": "1.0", "terraform_version": "1.9.8",
                            "values": {"root_module": self.module_tree(self.prior)}},
            "configuration": {
                "provider_config": {"aws": {"name": "aws", "full_name": PROVIDER,
                                            "version_constraint": "~> 5.0",
                                            "expressions": {"region": ref("var.region")}}},
                "root_module": self.config_root,
            },
            "relevant_attributes": [],
            "timestamp": "2025-05-06T09:12:44Z",
            "applyable": True,
            "complete": True,
            "errored": False,
        }
        return plan


def base(p):
    p.var("region", REGION)
    p.var("image_tag", "1.4.2")
    p.data("aws_caller_identity", "current", {"account_id": ACCT, "arn": f"arn:aws:iam::{ACCT}:user/ci",
                                              "id": ACCT, "user_id": "AIDAEXAMPLE"})
    p.data("aws_region", "current", {"description": "Europe (Ireland)", "endpoint": f"ec2.{REGION}.amazonaws.com",
                                     "id": REGION, "name": REGION})


def vpc_module(p, nat=True, azs=("eu-west-1a", "eu-west-1b")):
    """terraform-aws-modules/vpc/aws 5.x as `module "vpc"`."""
    M = "module.vpc"
    mod = {"resources": [], "outputs": {}, "variables": {}}
    for v, d in [("name", ""), ("cidr", "10.0.0.0/16"), ("azs", []), ("private_subnets", []), ("public_subnets", []),
                 ("enable_nat_gateway", False), ("single_nat_gateway", False), ("enable_dns_hostnames", True),
                 ("enable_dns_support", True), ("map_public_ip_on_launch", False),
                 ("manage_default_network_acl", True), ("manage_default_security_group", True),
                 ("manage_default_route_table", True), ("default_security_group_ingress", []),
                 ("default_security_group_egress", []), ("default_route_table_routes", []),
                 ("create_multiple_public_route_tables", False), ("nat_gateway_destination_cidr_block", "0.0.0.0/0"),
                 ("create_vpc", True)]:
        mod["variables"][v] = {"default": d}
    p.config_root["module_calls"]["vpc"] = {
        "source": "terraform-aws-modules/vpc/aws", "version_constraint": "~> 5.8",
        "expressions": {"name": c("app"), "cidr": c("10.0.0.0/16"), "azs": c(list(azs)),
                        "private_subnets": c(["10.0.1.0/24", "10.0.2.0/24"]),
                        "public_subnets": c(["10.0.101.0/24", "10.0.102.0/24"]),
                        "enable_nat_gateway": c(nat), "single_nat_gateway": c(True)},
        "module": mod,
    }
    kw = dict(module=M, cfg_module=mod)
    p.resource("aws_vpc", "this", {"cidr_block": "10.0.0.0/16", "enable_dns_hostnames": True, "enable_dns_support": True,
                                   "instance_tenancy": "default", "tags": {"Name": "app"}},
               unknown=["id", "arn", "default_network_acl_id", "default_route_table_id", "default_security_group_id",
                        "main_route_table_id", "owner_id", "dhcp_options_id"], index=0,
               expressions={"cidr_block": ref("var.cidr"), "enable_dns_hostnames": ref("var.enable_dns_hostnames"),
                            "enable_dns_support": ref("var.enable_dns_support")},
               count=ref("local.create_vpc"), **kw)
    for kind, cidrs, public in [("public", ["10.0.101.0/24", "10.0.102.0/24"], True),
                                ("private", ["10.0.1.0/24", "10.0.2.0/24"], False)]:
        for i, cidr in enumerate(cidrs):
            p.resource("aws_subnet", kind, {"cidr_block": cidr, "availability_zone": azs[i],
                                            "map_public_ip_on_launch": False, "assign_ipv6_address_on_creation": False,
                                            "enable_dns64": False, "ipv6_native": False,
                                            "tags": {"Name": f"app-{kind}-{azs[i]}"}},
                       unknown=["id", "arn", "vpc_id", "availability_zone_id", "owner_id"], index=i,
                       expressions={"vpc_id": ref("local.vpc_id"),
                                    "cidr_block": ref(f"var.{kind}_subnets", "count.index"),
                                    "availability_zone": ref("var.azs", "count.index"),
                                    "map_public_ip_on_launch": ref("var.map_public_ip_on_launch")},
                       count=ref(f"local.create_{kind}_subnets", f"local.len_{kind}_subnets"), **kw)
        p.resource("aws_route_table", kind, {"tags": {"Name": f"app-{kind}"}, "propagating_vgws": []},
                   unknown=["id", "arn", "vpc_id", "owner_id", "route"], index=0,
                   expressions={"vpc_id": ref("local.vpc_id")}, **kw)
        for i in range(2):
            p.resource("aws_route_table_association", kind, {"gateway_id": None},
                       unknown=["id", "subnet_id", "route_table_id"], index=i,
                       expressions={"subnet_id": ref(f"aws_subnet.{kind}", "count.index"),
                                    "route_table_id": ref(f"aws_route_table.{kind}", "var.single_nat_gateway", "count.index")
                                    if not public else ref(f"aws_route_table.{kind}", "var.create_multiple_public_route_tables", "count.index")},
                       count=ref(f"local.create_{kind}_subnets", f"local.len_{kind}_subnets"), **kw)
    p.resource("aws_internet_gateway", "this", {"tags": {"Name": "app"}}, unknown=["id", "arn", "owner_id", "vpc_id"],
               index=0, expressions={"vpc_id": ref("local.vpc_id")}, **kw)
    p.resource("aws_route", "public_internet_gateway",
               {"destination_cidr_block": "0.0.0.0/0", "timeouts": {"create": "5m"}},
               unknown=["id", "route_table_id", "gateway_id", "state", "origin", "instance_owner_id"], index=0,
               expressions={"route_table_id": ref(attr_ref("aws_route_table.public", "id", 0)),
                            "destination_cidr_block": c("0.0.0.0/0"),
                            "gateway_id": ref(attr_ref("aws_internet_gateway.this", "id", 0))}, **kw)
    if nat:
        p.resource("aws_eip", "nat", {"domain": "vpc", "tags": {"Name": "app-eu-west-1a"}},
                   unknown=["id", "public_ip", "allocation_id", "public_dns"], index=0, expressions={"domain": c("vpc")}, **kw)
        p.resource("aws_nat_gateway", "this", {"connectivity_type": "public", "tags": {"Name": "app-eu-west-1a"}},
                   unknown=["id", "allocation_id", "subnet_id", "network_interface_id", "private_ip", "public_ip"],
                   index=0, expressions={"allocation_id": ref("local.nat_gateway_ips", "var.single_nat_gateway", "count.index"),
                                         "subnet_id": ref("aws_subnet.public", "var.single_nat_gateway", "count.index")},
                   **kw)
        p.resource("aws_route", "private_nat_gateway", {"destination_cidr_block": "0.0.0.0/0", "timeouts": {"create": "5m"}},
                   unknown=["id", "route_table_id", "nat_gateway_id", "state", "origin"], index=0,
                   expressions={"route_table_id": ref("aws_route_table.private", "count.index"),
                                "destination_cidr_block": ref("var.nat_gateway_destination_cidr_block"),
                                "nat_gateway_id": ref("aws_nat_gateway.this", "count.index")}, **kw)
    allow = lambda n, eg: {"action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 0, "icmp_code": 0, "icmp_type": 0,
                           "ipv6_cidr_block": "", "protocol": "-1", "rule_no": n, "to_port": 0}
    p.resource("aws_default_network_acl", "this",
               {"ingress": [allow(100, False)], "egress": [allow(100, True)], "tags": {"Name": "app-default"}},
               unknown=["id", "arn", "default_network_acl_id", "owner_id", "vpc_id", "subnet_ids"], index=0,
               expressions={"default_network_acl_id": ref(attr_ref("aws_vpc.this", "default_network_acl_id", 0))}, **kw)
    p.resource("aws_default_security_group", "this", {"ingress": [], "egress": [], "tags": {"Name": "app-default"}},
               unknown=["id", "arn", "name", "owner_id", "vpc_id", "description", "name_prefix"], index=0,
               expressions={"vpc_id": ref(attr_ref("aws_vpc.this", "id", 0))}, **kw)
    p.resource("aws_default_route_table", "default", {"route": [], "tags": {"Name": "app-default"}, "timeouts": {}},
               unknown=["id", "arn", "owner_id", "vpc_id", "default_route_table_id", "propagating_vgws"], index=0,
               expressions={"default_route_table_id": ref(attr_ref("aws_vpc.this", "default_route_table_id", 0))}, **kw)
    mod["outputs"] = {
        "vpc_id": {"expression": ref(attr_ref("aws_vpc.this", "id", 0)), "description": "The ID of the VPC"},
        "private_subnets": {"expression": ref("aws_subnet.private"), "description": "List of IDs of private subnets"},
        "public_subnets": {"expression": ref("aws_subnet.public"), "description": "List of IDs of public subnets"},
        "private_route_table_ids": {"expression": ref("aws_route_table.private"), "description": "List of IDs of private route tables"},
        "vpc_cidr_block": {"expression": ref(attr_ref("aws_vpc.this", "cidr_block", 0))},
    }
    return M


ASSUME = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                                                             "Action": "sts:AssumeRole"}]}, separators=(",", ":"))


def exec_role(p, attach_managed=True, inline=None):
    p.resource("aws_iam_role", "exec", {"name": "app-exec", "path": "/", "assume_role_policy": ASSUME,
                                        "description": "", "force_detach_policies": False, "max_session_duration": 3600,
                                        "permissions_boundary": None, "tags": None},
               unknown=["id", "arn", "unique_id", "create_date", "inline_policy", "managed_policy_arns", "name_prefix", "tags_all"],
               expressions={"name": c("app-exec"), "assume_role_policy": ref(attr_ref("data.aws_iam_policy_document.ecs_tasks", "json"))})
    p.data("aws_iam_policy_document", "ecs_tasks", {"id": "2851119427", "json": ASSUME, "minified_json": ASSUME,
                                                    "statement": [{"actions": ["sts:AssumeRole"], "effect": "Allow"}]})
    if attach_managed:
        p.resource("aws_iam_role_policy_attachment", "exec",
                   {"role": "app-exec", "policy_arn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
                   unknown=["id"], expressions={"role": ref(attr_ref("aws_iam_role.exec", "name")),
                                                 "policy_arn": c("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")})
    if inline is not None:
        doc = json.dumps({"Version": "2012-10-17", "Statement": inline}, separators=(",", ":"))
        p.resource("aws_iam_role_policy", "exec", {"name": "app-exec", "role": "app-exec", "policy": doc},
                   unknown=["id", "name_prefix"], expressions={"name": c("app-exec"), "role": ref(attr_ref("aws_iam_role.exec", "id")),
                                                               "policy": ref("data.aws_caller_identity.current.account_id", "data.aws_caller_identity.current")})


def task_sg(p, vpc_ref, egress=True):
    values = {"name": "app-task", "description": "app tasks", "revoke_rules_on_delete": False, "tags": None, "timeouts": None,
              "ingress": []}
    expressions = {"name": c("app-task"), "description": c("app tasks"), "vpc_id": vpc_ref}
    unknown = ["id", "arn", "owner_id", "vpc_id", "name_prefix", "tags_all"]
    if egress:
        values["egress"] = [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0, "ipv6_cidr_blocks": [],
                             "prefix_list_ids": [], "protocol": "-1", "security_groups": [], "self": False, "to_port": 0}]
        expressions["egress"] = [{"cidr_blocks": c(["0.0.0.0/0"]), "from_port": c(0), "protocol": c("-1"), "to_port": c(0)}]
    else:
        unknown.append("egress")
    p.resource("aws_security_group", "task", values, unknown=unknown, expressions=expressions)


def logs(p):
    p.resource("aws_cloudwatch_log_group", "app", {"name": "/ecs/app", "retention_in_days": 30, "kms_key_id": None,
                                                   "skip_destroy": False, "log_group_class": "STANDARD"},
               unknown=["id", "arn", "tags_all"], expressions={"name": c("/ecs/app"), "retention_in_days": c(30)})


def cluster(p):
    p.resource("aws_ecs_cluster", "main", {"name": "app", "setting": [{"name": "containerInsights", "value": "enabled"}]},
               unknown=["id", "arn", "tags_all"], expressions={"name": c("app")})


IMAGE = f"{ACCT}.dkr.ecr.{REGION}.amazonaws.com/app:1.4.2"


def container(image=IMAGE, secrets=None, extra=None):
    cdef = {"name": "app", "image": image, "essential": True, "cpu": 0,
            "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
            "environment": [{"name": "LOG_LEVEL", "value": "info"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": REGION,
                                                                     "awslogs-stream-prefix": "app"}}}
    if secrets:
        cdef["secrets"] = secrets
    if extra:
        cdef.update(extra)
    return json.dumps([cdef], separators=(",", ":"))


def repo(p):
    p.resource("aws_ecr_repository", "app", {"name": "app", "image_tag_mutability": "IMMUTABLE", "force_delete": None,
                                             "encryption_configuration": [{"encryption_type": "AES256", "kms_key": ""}],
                                             "image_scanning_configuration": [{"scan_on_push": True}], "timeouts": None},
               unknown=["id", "arn", "registry_id", "repository_url", "tags_all"], expressions={"name": c("app")})


def taskdef(p, cdefs=None, unknown_refs=None, cfg_refs=None):
    values = {"family": "app", "cpu": "256", "memory": "512", "network_mode": "awsvpc",
              "requires_compatibilities": ["FARGATE"], "runtime_platform": [{"cpu_architecture": "X86_64",
                                                                              "operating_system_family": "LINUX"}],
              "skip_destroy": False, "track_latest": False, "volume": [], "placement_constraints": [],
              "proxy_configuration": [], "ephemeral_storage": [], "inference_accelerator": [], "ipc_mode": None,
              "pid_mode": None, "task_role_arn": None}
    unknown = ["id", "arn", "arn_without_revision", "revision", "execution_role_arn", "tags_all"]
    if cdefs is None:
        unknown.append("container_definitions")
    else:
        values["container_definitions"] = cdefs
    refs = cfg_refs or ["data.aws_caller_identity.current.account_id", "data.aws_caller_identity.current",
                        "data.aws_region.current.name", "data.aws_region.current", "var.image_tag"]
    p.resource("aws_ecs_task_definition", "app", values, unknown=unknown,
               expressions={"family": c("app"), "cpu": c("256"), "memory": c("512"), "network_mode": c("awsvpc"),
                            "requires_compatibilities": c(["FARGATE"]),
                            "execution_role_arn": ref(attr_ref("aws_iam_role.exec", "arn")),
                            "container_definitions": ref(refs),
                            "runtime_platform": [{"cpu_architecture": c("X86_64"), "operating_system_family": c("LINUX")}]})


def service(p, subnets_expr, assign_public_ip=False):
    p.resource("aws_ecs_service", "app",
               {"name": "app", "desired_count": 2, "launch_type": "FARGATE", "platform_version": "LATEST",
                "enable_ecs_managed_tags": False, "enable_execute_command": False, "force_new_deployment": None,
                "health_check_grace_period_seconds": None, "propagate_tags": "NONE", "scheduling_strategy": "REPLICA",
                "wait_for_steady_state": False, "deployment_maximum_percent": 200, "deployment_minimum_healthy_percent": 100,
                "network_configuration": [{"assign_public_ip": assign_public_ip}],
                "capacity_provider_strategy": [], "load_balancer": [], "service_registries": []},
               unknown=["id", "cluster", "task_definition", "iam_role", "triggers", "tags_all"],
               expressions={"name": c("app"), "cluster": ref(attr_ref("aws_ecs_cluster.main", "id")),
                            "task_definition": ref(attr_ref("aws_ecs_task_definition.app", "arn")),
                            "desired_count": c(2), "launch_type": c("FARGATE"), "platform_version": c("LATEST"),
                            "network_configuration": [{"subnets": subnets_expr,
                                                       "security_groups": ref(attr_ref("aws_security_group.task", "id")),
                                                       "assign_public_ip": c(assign_public_ip)}]})
    # after_unknown for the nested block: subnets and security_groups unknown.
    rc = p.changes[-1]
    rc["change"]["after_unknown"]["network_configuration"] = [{"security_groups": True, "subnets": True}]
    for pv in p.planned[""]:
        if pv["address"] == "aws_ecs_service.app":
            pv["values"]["network_configuration"] = [{"assign_public_ip": assign_public_ip}]


def write(name, p, expect):
    plan = p.json()
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(plan, f, indent=2, sort_keys=False)
        f.write("\n")
    return {"file": name + ".json", "description": p.desc, **expect}


def scenarios():
    out = []

    # 1. A new stack: VPC from terraform-aws-modules/vpc with one NAT
    # gateway; tasks in the private subnets; execution role with the AWS
    # managed policy attached. Everything starts.
    p = Plan("new stack from terraform-aws-modules/vpc: private subnets behind a NAT gateway, AmazonECSTaskExecutionRolePolicy attached")
    base(p); vpc_module(p); exec_role(p); task_sg(p, ref("module.vpc.vpc_id", "module.vpc")); logs(p); cluster(p); repo(p)
    taskdef(p, container()); service(p, ref("module.vpc.private_subnets", "module.vpc"))
    out.append(write("new-stack-nat", p, {"verdict": "pass"}))

    # 2. Endpoints only, but the S3 gateway endpoint is not on the private
    # route table: manifest works, layers time out.
    p = Plan("new VPC without NAT: interface endpoints for ecr.api, ecr.dkr and logs, S3 gateway endpoint not associated with the private route table")
    base(p); exec_role(p); logs(p); cluster(p); repo(p)
    p.resource("aws_vpc", "main", {"cidr_block": "10.20.0.0/16", "enable_dns_hostnames": True, "enable_dns_support": True,
                                   "instance_tenancy": "default"},
               unknown=["id", "arn", "default_network_acl_id", "default_route_table_id", "default_security_group_id",
                        "main_route_table_id", "owner_id", "dhcp_options_id"],
               expressions={"cidr_block": c("10.20.0.0/16"), "enable_dns_hostnames": c(True)})
    for i, (az, cidr) in enumerate([("eu-west-1a", "10.20.1.0/24"), ("eu-west-1b", "10.20.2.0/24")]):
        p.resource("aws_subnet", "private", {"cidr_block": cidr, "availability_zone": az, "map_public_ip_on_launch": False,
                                             "ipv6_native": False},
                   unknown=["id", "arn", "vpc_id", "availability_zone_id", "owner_id"], index=i,
                   expressions={"vpc_id": ref(attr_ref("aws_vpc.main", "id")), "cidr_block": ref("var.private_cidrs", "count.index"),
                                "availability_zone": ref("var.azs", "count.index")}, count=c(2))
    p.var("private_cidrs", ["10.20.1.0/24", "10.20.2.0/24"]); p.var("azs", ["eu-west-1a", "eu-west-1b"])
    p.resource("aws_route_table", "private", {"route": []}, unknown=["id", "arn", "vpc_id", "owner_id", "propagating_vgws"],
               expressions={"vpc_id": ref(attr_ref("aws_vpc.main", "id"))})
    for i in range(2):
        p.resource("aws_route_table_association", "private", {"gateway_id": None}, unknown=["id", "subnet_id", "route_table_id"],
                   index=i, expressions={"subnet_id": ref(attr_ref("aws_subnet.private", "id"), "count.index"),
                                         "route_table_id": ref(attr_ref("aws_route_table.private", "id"))}, count=c(2))
    p.resource("aws_security_group", "endpoints", {"name": "vpce", "description": "vpc endpoints", "egress": [],
                                                   "ingress": [{"cidr_blocks": ["10.20.0.0/16"], "description": "https from the VPC",
                                                                "from_port": 443, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                                                                "protocol": "tcp", "security_groups": [], "self": False, "to_port": 443}],
                                                   "revoke_rules_on_delete": False},
               unknown=["id", "arn", "owner_id", "vpc_id", "name_prefix", "tags_all"],
               expressions={"name": c("vpce"), "vpc_id": ref(attr_ref("aws_vpc.main", "id")),
                            "ingress": [{"cidr_blocks": ref(attr_ref("aws_vpc.main", "cidr_block")), "from_port": c(443),
                                         "protocol": c("tcp"), "to_port": c(443), "description": c("https from the VPC")}],
                            "egress": c([])})
    task_sg(p, ref(attr_ref("aws_vpc.main", "id")))
    for svc in ["ecr.api", "ecr.dkr", "logs"]:
        key = svc.replace(".", "_")
        p.resource("aws_vpc_endpoint", key, {"service_name": f"com.amazonaws.{REGION}.{svc}", "vpc_endpoint_type": "Interface",
                                             "private_dns_enabled": True, "auto_accept": None, "ip_address_type": "ipv4"},
                   unknown=["id", "arn", "vpc_id", "subnet_ids", "security_group_ids", "policy", "route_table_ids", "state",
                            "cidr_blocks", "dns_entry", "network_interface_ids", "owner_id", "prefix_list_id", "requester_managed",
                            "dns_options"],
                   expressions={"vpc_id": ref(attr_ref("aws_vpc.main", "id")),
                                "service_name": ref("data.aws_region.current.name", "data.aws_region.current"),
                                "vpc_endpoint_type": c("Interface"), "private_dns_enabled": c(True),
                                "subnet_ids": ref("aws_subnet.private"),
                                "security_group_ids": ref(attr_ref("aws_security_group.endpoints", "id"))})
    p.resource("aws_vpc_endpoint", "s3", {"service_name": f"com.amazonaws.{REGION}.s3", "vpc_endpoint_type": "Gateway",
                                          "auto_accept": None},
               unknown=["id", "arn", "vpc_id", "subnet_ids", "security_group_ids", "policy", "route_table_ids", "state",
                        "cidr_blocks", "dns_entry", "network_interface_ids", "owner_id", "prefix_list_id", "requester_managed",
                        "private_dns_enabled", "ip_address_type", "dns_options"],
               expressions={"vpc_id": ref(attr_ref("aws_vpc.main", "id")),
                            "service_name": ref("data.aws_region.current.name", "data.aws_region.current"),
                            "vpc_endpoint_type": c("Gateway")})
    taskdef(p, container()); service(p, ref("aws_subnet.private"))
    out.append(write("endpoints-s3-not-associated", p, {"verdict": "fail", "step": "image-layers", "container": "app", "blockedBy": "route"}))

    # 3. Inline execution policy without ecr:GetAuthorizationToken.
    p = Plan("new stack from terraform-aws-modules/vpc; execution role with an inline policy that forgets ecr:GetAuthorizationToken")
    base(p); vpc_module(p)
    exec_role(p, attach_managed=False, inline=[
        {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
         "Resource": f"arn:aws:ecr:{REGION}:{ACCT}:repository/app"},
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:{REGION}:{ACCT}:log-group:/ecs/app:*"}])
    task_sg(p, ref("module.vpc.vpc_id", "module.vpc")); logs(p); cluster(p); repo(p)
    taskdef(p, container()); service(p, ref("module.vpc.private_subnets", "module.vpc"))
    out.append(write("inline-policy-no-gettoken", p, {"verdict": "fail", "step": "registry-auth", "container": "app", "iamDecision": "implicit-deny"}))

    # 4. Security group without an egress block: Terraform removes AWS's
    # default allow-all egress rule.
    p = Plan("new stack from terraform-aws-modules/vpc; task security group declared without an egress block")
    base(p); vpc_module(p); exec_role(p); task_sg(p, ref("module.vpc.vpc_id", "module.vpc"), egress=False)
    logs(p); cluster(p); repo(p); taskdef(p, container()); service(p, ref("module.vpc.private_subnets", "module.vpc"))
    out.append(write("sg-without-egress", p, {"verdict": "fail", "step": "registry-auth", "container": "app", "blockedBy": "security-group"}))

    # 5. A secret (existing, managed by this configuration) encrypted with a
    # customer managed key whose policy does not delegate to IAM.
    p = Plan("existing secret encrypted with a customer managed key whose key policy gives the execution role nothing")
    base(p); vpc_module(p)
    sec_arn = f"arn:aws:secretsmanager:{REGION}:{ACCT}:secret:app/db-Xy12Ab"
    key_arn = f"arn:aws:kms:{REGION}:{ACCT}:key/0b7c3b1e-1d2f-4e5a-9b8c-7d6e5f4a3b2c"
    exec_role(p, attach_managed=True, inline=[
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": sec_arn},
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn}])
    key_policy = json.dumps({"Version": "2012-10-17", "Id": "admins-only", "Statement": [
        {"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCT}:role/Admin"}, "Action": "kms:*", "Resource": "*"}]},
        separators=(",", ":"))
    p.existing("aws_kms_key", "secrets", {"id": "0b7c3b1e-1d2f-4e5a-9b8c-7d6e5f4a3b2c", "key_id": "0b7c3b1e-1d2f-4e5a-9b8c-7d6e5f4a3b2c",
                                          "arn": key_arn, "policy": key_policy, "is_enabled": True, "enable_key_rotation": True,
                                          "key_usage": "ENCRYPT_DECRYPT", "customer_master_key_spec": "SYMMETRIC_DEFAULT",
                                          "deletion_window_in_days": 30, "description": "app secrets"},
               expressions={"description": c("app secrets"), "enable_key_rotation": c(True), "policy": ref(attr_ref("data.aws_iam_policy_document.key", "json"))})
    p.existing("aws_secretsmanager_secret", "db", {"id": sec_arn, "arn": sec_arn, "name": "app/db", "kms_key_id": key_arn,
                                                   "policy": "", "recovery_window_in_days": 30, "description": ""},
               expressions={"name": c("app/db"), "kms_key_id": ref(attr_ref("aws_kms_key.secrets", "arn"))})
    p.existing("aws_secretsmanager_secret_version", "db", {"id": sec_arn + "|v1", "arn": sec_arn, "secret_id": sec_arn,
                                                           "secret_string": "{\"username\":\"app\",\"password\":\"hunter2-do-not-leak\"}",
                                                           "version_id": "v1", "version_stages": ["AWSCURRENT"]},
               sensitive=["secret_string"], expressions={"secret_id": ref(attr_ref("aws_secretsmanager_secret.db", "id")),
                                                         "secret_string": ref("var.db_credentials")})
    p.existing("aws_ssm_parameter", "api_key", {"id": "/app/api-key", "arn": f"arn:aws:ssm:{REGION}:{ACCT}:parameter/app/api-key",
                                                "name": "/app/api-key", "type": "SecureString", "value": "ssm-value-do-not-leak",
                                                "key_id": "alias/aws/ssm", "tier": "Standard", "data_type": "text"},
               sensitive=["value"], expressions={"name": c("/app/api-key"), "type": c("SecureString"), "value": ref("var.api_key")})
    p.variables["db_credentials"] = {"value": "{\"username\":\"app\",\"password\":\"hunter2-do-not-leak\"}"}
    p.config_root["variables"]["db_credentials"] = {"sensitive": True}
    task_sg(p, ref("module.vpc.vpc_id", "module.vpc")); logs(p); cluster(p); repo(p)
    taskdef(p, container(secrets=[{"name": "DB_PASSWORD", "valueFrom": sec_arn + ":password::"}]))
    service(p, ref("module.vpc.private_subnets", "module.vpc"))
    out.append(write("secret-cmk-no-decrypt", p, {"verdict": "fail", "step": "secrets", "container": "app", "subject": "kms key 0b7c3b1e-1d2f-4e5a-9b8c-7d6e5f4a3b2c",
                                                   "secrets": ["hunter2-do-not-leak", "ssm-value-do-not-leak"]}))

    # 6. container_definitions built with jsonencode from a repository the
    # plan creates: unknown until apply.
    p = Plan("container_definitions refers to aws_ecr_repository.app.repository_url, so the whole JSON is known only after apply")
    base(p); vpc_module(p); exec_role(p); task_sg(p, ref("module.vpc.vpc_id", "module.vpc")); logs(p); cluster(p); repo(p)
    taskdef(p, None, cfg_refs=["aws_ecr_repository.app.repository_url", "aws_ecr_repository.app", "var.image_tag"])
    service(p, ref("module.vpc.private_subnets", "module.vpc"))
    out.append(write("container-definitions-unknown", p, {"verdict": "unknown", "step": "task-definition", "container": ""}))

    # 7. Public subnets, no public IP.
    p = Plan("tasks in the public subnets of terraform-aws-modules/vpc without a NAT gateway, assign_public_ip = false")
    base(p); vpc_module(p, nat=False); exec_role(p); task_sg(p, ref("module.vpc.vpc_id", "module.vpc")); logs(p); cluster(p); repo(p)
    taskdef(p, container()); service(p, ref("module.vpc.public_subnets", "module.vpc"), assign_public_ip=False)
    out.append(write("public-subnet-no-public-ip", p, {"verdict": "fail", "step": "registry-auth", "container": "app", "blockedBy": "public-ip"}))

    # 8. An existing VPC read through data sources: the subnets' routes are
    # not in the plan.
    p = Plan("existing VPC and subnets read with data.aws_vpc and data.aws_subnets; their route tables are not in the plan")
    base(p); exec_role(p); logs(p); cluster(p); repo(p)
    p.data("aws_vpc", "shared", {"id": "vpc-0a1b2c3d4e5f60718", "arn": f"arn:aws:ec2:{REGION}:{ACCT}:vpc/vpc-0a1b2c3d4e5f60718",
                                 "cidr_block": "10.50.0.0/16", "enable_dns_support": True, "enable_dns_hostnames": True,
                                 "main_route_table_id": "rtb-0f1e2d3c4b5a69788", "default": False,
                                 "tags": {"Name": "shared"}, "filter": None}, expressions={"tags": c({"Name": "shared"})})
    p.data("aws_subnets", "private", {"id": REGION, "ids": ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"],
                                      "filter": [{"name": "vpc-id", "values": ["vpc-0a1b2c3d4e5f60718"]}], "tags": {"tier": "private"}},
           expressions={"filter": [{"name": c("vpc-id"), "values": ref(attr_ref("data.aws_vpc.shared", "id"))}], "tags": c({"tier": "private"})})
    task_sg(p, ref(attr_ref("data.aws_vpc.shared", "id")))
    p.changes[-1]["change"]["after"]["vpc_id"] = "vpc-0a1b2c3d4e5f60718"
    del p.changes[-1]["change"]["after_unknown"]["vpc_id"]
    taskdef(p, container()); service(p, ref(attr_ref("data.aws_subnets.private", "ids")))
    svc = p.changes[-1]["change"]
    svc["after"]["network_configuration"][0]["subnets"] = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]
    svc["after_unknown"]["network_configuration"] = [{"security_groups": True}]
    out.append(write("existing-vpc-data-sources", p, {"verdict": "unknown", "step": "registry-auth", "container": "app"}))

    with open(os.path.join(HERE, "index.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    scenarios()
