#!/usr/bin/env bash
# Creates the project-local Python venv (.venv/, ignored by git) with the test tools and the demo's
# local AWS emulator: moto server and cfn-lint, pinned. Idempotent: a venv whose stamp matches is kept.
# Python serves only these tools, never stepf itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
want="moto[server]==5.2.5 cfn-lint==1.58.0"
stamp="$venv/.stepf-stamp"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
echo "stepf: installing the local AWS emulator and cfn-lint into .venv ($want); this happens once" >&2
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check $want >&2
echo "$want" > "$stamp"
