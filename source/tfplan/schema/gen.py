#!/usr/bin/env python3
"""Writes aws.json, the part of the hashicorp/aws provider schema the
reader uses (see README.md).

    terraform providers schema -json > full.json
    python3 schema/gen.py full.json > schema/aws.json   # in source/tfplan

Kept: every resource and data source type named in the reader's source
(a string literal "aws_..."), and of each, the attributes and nested blocks
whose names are string literals in the reader's source, with the attribute
types as the provider states them. Object attribute types are trimmed to the
same names. "names" lists every top-level attribute and block of the type,
so a test can tell a read of an attribute the type lacks from one the table
misses.
"""
import glob
import json
import os
import re
import sys

PROVIDER = "registry.terraform.io/hashicorp/aws"

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.dirname(here)
literals = set()
for f in glob.glob(os.path.join(src, "*.go")):
    if f.endswith("_test.go"):
        continue
    literals |= set(re.findall(r'"([a-z][a-z0-9_]*)"', open(f).read()))

full = json.load(open(sys.argv[1]))
ps = full["provider_schemas"][PROVIDER]


def trim_type(t):
    if isinstance(t, list):
        if t[0] == "object":
            return ["object", {k: trim_type(v) for k, v in sorted(t[1].items()) if k in literals}]
        if t[0] in ("list", "set", "map"):
            return [t[0], trim_type(t[1])]
        return t
    return t


def trim_block(b):
    out = {}
    attrs = {k: trim_type(v["type"]) for k, v in sorted(b.get("attributes", {}).items()) if k in literals and "type" in v}
    if attrs:
        out["attributes"] = attrs
    blocks = {}
    for k, v in sorted(b.get("block_types", {}).items()):
        if k in literals:
            blocks[k] = {"nesting_mode": v["nesting_mode"], "block": trim_block(v["block"])}
    if blocks:
        out["block_types"] = blocks
    return out


out = {"provider": PROVIDER, "version": sys.argv[2] if len(sys.argv) > 2 else "5.100.0"}
for kind in ("resource_schemas", "data_source_schemas"):
    sel = {}
    for name in sorted(literals):
        if name.startswith("aws_") and name in ps[kind]:
            b = ps[kind][name]["block"]
            t = trim_block(b)
            t["names"] = sorted(list(b.get("attributes", {})) + list(b.get("block_types", {})))
            sel[name] = t
    out[kind] = sel
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
