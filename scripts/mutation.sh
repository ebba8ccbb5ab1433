#!/usr/bin/env bash
# Mutation testing of the decision packages with gremlins, one package at a
# time, then a score table. Not run in CI: the whole set takes about 40
# minutes on two cores.
#
#   scripts/mutation.sh                     # every decision package
#   scripts/mutation.sh iam/internal/glob   # only these (paths from the repository root)
#
# Environment: WORKERS (gremlins --workers, default 1), OUT (directory for the
# per-package JSON and logs, default a new temporary directory).
#
# Efficacy is killed / (killed + lived): how many covered mutants a test
# notices. Coverage is (killed + lived) / all mutants. A surviving (LIVED)
# mutant that changes a decision needs a test; see docs/testing.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

version=v0.6.0
packages=(
  iam iam/internal/cond iam/internal/glob
  netpath imageref taskstart
  source/cloudformation source/tfplan source/snapshot
  world
)
if [ "$#" -gt 0 ]; then
  packages=("$@")
fi

for tool in go jq; do
  command -v "$tool" >/dev/null || { echo "mutation.sh: needs $tool on PATH" >&2; exit 2; }
done

bin=$(go env GOBIN)
[ -n "$bin" ] || bin="$(go env GOPATH)/bin"
gremlins="$bin/gremlins"
if ! go version -m "$gremlins" 2>/dev/null | grep -q "github.com/go-gremlins/gremlins[[:space:]]*$version"; then
  echo "== installing gremlins $version into $bin"
  go install "github.com/go-gremlins/gremlins/cmd/gremlins@$version"
fi

out=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/ecs-preflight-mutation.XXXXXX")}
mkdir -p "$out"
echo "== results in $out"

for pkg in "${packages[@]}"; do
  pkg=${pkg#./}
  pkg=${pkg%/}
  if [ ! -d "$root/$pkg" ]; then
    echo "mutation.sh: no package directory $pkg" >&2
    exit 2
  fi
  name=${pkg//\//_}
  echo "== $pkg"
  # The package by its absolute path; -count=1 so that no cached test
  # result stands in for a run against the mutant.
  if ! GOFLAGS=-count=1 "$gremlins" unleash \
      --timeout-coefficient 30 --workers "${WORKERS:-1}" \
      --output "$out/$name.json" "$root/$pkg" >"$out/$name.log" 2>&1; then
    echo "   gremlins failed; see $out/$name.log" >&2
  fi
done

echo
printf '%-24s %7s %7s %9s %8s %12s %9s %9s\n' package killed lived timed-out "not-cov" "not-viable" efficacy coverage
for pkg in "${packages[@]}"; do
  pkg=${pkg#./}
  pkg=${pkg%/}
  f="$out/${pkg//\//_}.json"
  if [ ! -s "$f" ]; then
    printf '%-24s %s\n' "$pkg" "no result (see ${f%.json}.log)"
    continue
  fi
  jq -r --arg pkg "$pkg" '
    [.files[].mutations[].status] as $s
    | [$pkg, .mutants_killed, .mutants_lived,
       ([$s[] | select(. == "TIMED OUT")] | length),
       .mutants_not_covered, .mutants_not_viable,
       ((.test_efficacy * 100 | round) / 100 | tostring + "%"),
       ((.mutations_coverage * 100 | round) / 100 | tostring + "%")]
    | @tsv' "$f" |
    awk -F'\t' '{ printf "%-24s %7s %7s %9s %8s %12s %9s %9s\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
done
