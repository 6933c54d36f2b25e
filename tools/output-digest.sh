#!/usr/bin/env bash
# Hashes every stack's cdk.tf.json for the default configuration and for each JSON config
# given, to prove a refactoring leaves the synthesized output byte-identical.
#
#   npm run --silent digest -- ../shared/cases/*/*.json > after.txt
#   npm run --silent digest -- --check before.txt ../shared/cases/*/*.json
#
# One line per stack: "<case> <sha256>  <stack>/cdk.tf.json", where <case> is "default" or
# the config file's name without ".json". With --check FILE the lines are compared with
# FILE instead of printed; exits 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
# The state location changes the output; hash what the configuration alone says.
unset SF_CONFIG SF_STATE_BUCKET SF_STATE_TABLE SF_STATE_REGION CDKTF_OUTDIR

check=
if [ "${1:-}" = "--check" ]; then
  check=${2:?--check needs a file}
  shift 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

digest() { # <case> [config file]
  local name=$1 out="$work/$1"
  if [ $# -gt 1 ]; then
    SF_CONFIG=$2 CDKTF_OUTDIR=$out npm run --silent synth >"$work/log" 2>&1 || { cat "$work/log" >&2; echo "synth failed: $name" >&2; exit 1; }
  else
    CDKTF_OUTDIR=$out npm run --silent synth >"$work/log" 2>&1 || { cat "$work/log" >&2; echo "synth failed: $name" >&2; exit 1; }
  fi
  (cd "$out/stacks" && sha256sum -- */cdk.tf.json) | sed "s|^|$name |"
}

{
  digest default
  for file in "$@"; do digest "$(basename "$file" .json)" "$file"; done
} >"$work/digest.txt"

if [ -z "$check" ]; then
  cat "$work/digest.txt"
elif diff -u "$check" "$work/digest.txt"; then
  echo "identical: $(wc -l <"$work/digest.txt") stack outputs match $check"
else
  echo "DIFFERENT: synthesized output does not match $check" >&2
  exit 1
fi
