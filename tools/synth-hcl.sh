#!/usr/bin/env bash
# npm run synth:hcl: every stack as HCL (cdktf.out/stacks/<stack>/cdk.tf), as `cdktf synth --hcl`
# writes it, then put in Terraform's canonical format by `terraform fmt` when Terraform is on
# PATH. JSON documents (policies, container definitions) are jsonencode() expressions there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${CDKTF_OUTDIR:-cdktf.out}
SYNTH_HCL_OUTPUT=true node tools/synth.js "$@"
if command -v terraform >/dev/null 2>&1; then
  terraform fmt -recursive -list=false "$out/stacks"
  echo "HCL written to $out/stacks/*/cdk.tf (terraform fmt)"
else
  echo "HCL written to $out/stacks/*/cdk.tf; terraform is not on PATH, so it is valid but not run through terraform fmt" >&2
fi
