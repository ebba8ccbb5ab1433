#!/bin/sh
# make.sh DIR [OUT [TERRAFORM-PLAN-ARGS...]]: plan the configuration in DIR
# (main.tf and any local modules under it) offline and write DIR/OUT
# (default plan.json) (see README.md).
set -eu
dir=$(cd "$1" && pwd)
out=${2:-plan.json}
shift $(( $# < 2 ? $# : 2 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/cli.tfrc" <<'CFG'
provider_installation {
  filesystem_mirror {
    path    = "/opt/tf-plugins"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CFG
(cd "$dir" && find . -name '*.tf' | tar -cf - -T -) | (cd "$work" && tar -xf -)
cd "$work"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
# A configuration without a provider region takes it from AWS_REGION; the
# plan JSON does not record it (main.tf says which one it was planned with).
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
terraform init -input=false >/dev/null
terraform plan -refresh=false -input=false -out p "$@" >/dev/null
terraform show -json p | python3 -c 'import json,sys; json.dump(json.load(sys.stdin), sys.stdout, indent=1, sort_keys=True)' >"$dir/$out"
