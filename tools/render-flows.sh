#!/usr/bin/env bash
# Renders the flow diagram (npm run verify's cdktf.out/flows.mmd, kept as docs/flows.mmd) to a PNG
# with the Mermaid CLI and a Chromium from the system. Not part of npm test: the CLI with its
# browser driver is about 500 MB, installed on first use outside the repository.
#
#   bash tools/render-flows.sh [IN.mmd [OUT.png]]      default docs/flows.mmd -> docs/flows.png
#
# Needs Chromium: `apt-get install -y chromium` on Debian (or set PUPPETEER_EXECUTABLE_PATH).
# Look at the picture before committing it: every environment in its own box, no arrow between two.
set -euo pipefail
cd "$(dirname "$0")/.."
in="${1:-docs/flows.mmd}"
out="${2:-docs/flows.png}"
MERMAID_CLI_VERSION=11.17.0
tools="${SF_CI_TOOLS:-${TMPDIR:-/tmp}/secure-fargate-ci-tools}/mermaid-cli-$MERMAID_CLI_VERSION"
browser="${PUPPETEER_EXECUTABLE_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$browser" ]; then
  echo "render-flows: no Chromium found; install it (apt-get install -y chromium) or set PUPPETEER_EXECUTABLE_PATH" >&2
  exit 2
fi
if [ ! -x "$tools/node_modules/.bin/mmdc" ]; then
  mkdir -p "$tools"
  # The system's Chromium, not puppeteer's download.
  (cd "$tools" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --no-save "@mermaid-js/mermaid-cli@$MERMAID_CLI_VERSION")
fi
config="$tools/puppeteer.json"
# --no-sandbox: Chromium refuses to start as root (CI, containers) with its sandbox on.
printf '{ "executablePath": "%s", "args": ["--no-sandbox", "--disable-gpu"] }\n' "$browser" > "$config"
"$tools/node_modules/.bin/mmdc" -q -p "$config" -i "$PWD/$in" -o "$PWD/$out" -b white -s 1.5
echo "render-flows: wrote $out ($(wc -c < "$out") bytes)"
