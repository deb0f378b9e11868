#!/usr/bin/env bash
# The runnable oracle: packages a fixture with the real Serverless Framework v3 + serverless-step-functions
# plugin and checks the plugin's template in as fixtures/<name>/plugin.template.json, so stepf's goldens are
# held against the plugin. Run by hand when a fixture is added or changed; `npm test` never runs it (the
# checked-in plugin.template.json files are the test input).
#
#   bash scripts/oracle.sh              # every fixture with a serverless.yml, and every fixtures/real/<case>
#   bash scripts/oracle.sh hello demo   # just these
#   bash scripts/oracle.sh real/<case>  # one real config (fixtures/real/<case>/serverless.yml or .json)
#   bash scripts/oracle.sh --without-plugin [names]   # the same services packaged WITHOUT serverless-step-functions:
#                                       # fixtures/<name>/without-plugin.resources.json lists the logical IDs (and types)
#                                       # the Framework writes alone, so what the plugin adds is known (stepf migrate's tests),
#                                       # and without-plugin.outputs.json its output keys
#
# The plugin and Serverless are installed OUTSIDE the repo, in $STEPF_ORACLE_DIR (default /work/oracle, or
# $TMPDIR/stepf-oracle when /work does not exist), so the repo never depends on them. Only the npm registry
# is contacted (once, for the install); `serverless package` runs offline with fake credentials.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
default_dir=/work/oracle
[ -d /work ] || default_dir="${TMPDIR:-/tmp}/stepf-oracle"
oracle="${STEPF_ORACLE_DIR:-$default_dir}"
# Pinned so a regenerated template differs only when a fixture does.
want="serverless@3.40.0 serverless-step-functions@3.31.2 serverless-pseudo-parameters@2.6.1"
plugins=(serverless-step-functions serverless-pseudo-parameters)
without_plugin=
if [ "${1:-}" = "--without-plugin" ]; then
  without_plugin=1
  plugins=(serverless-pseudo-parameters)
  shift
fi

install_oracle() {
  mkdir -p "$oracle"
  if [ "$(cat "$oracle/.stepf-oracle-stamp" 2>/dev/null)" = "$want" ] && [ -x "$oracle/node_modules/.bin/serverless" ]; then
    return
  fi
  echo "oracle: installing $want into $oracle (once)" >&2
  [ -f "$oracle/package.json" ] || echo '{"name":"stepf-oracle","private":true}' > "$oracle/package.json"
  # --legacy-peer-deps: the pseudo-parameters plugin declares a peer of serverless 1 || 2.
  # The step-functions plugin declares node >=22 but packages fine on Node 20 (npm prints EBADENGINE only).
  (cd "$oracle" && npm install --no-audit --no-fund --save-exact --legacy-peer-deps $want >&2)
  echo "$want" > "$oracle/.stepf-oracle-stamp"
}

# The scratch copy's plugins: becomes exactly the two oracle plugins. A real config may list others (webpack,
# offline, ...) that are not installed here and would stop `serverless package`; none of them changes the
# stepFunctions block. frameworkVersion goes too: an old pin ('>=1.2.0 <2.0.0') would refuse Serverless v3.
# YAML is edited as text (a top-level key runs until the next unindented line), so any YAML Serverless reads
# stays readable, tags and comments included.
set_plugins() {
  node -e '
    const fs = require("fs");
    const [file, ...plugins] = process.argv.slice(1);
    const text = fs.readFileSync(file, "utf8");
    if (file.endsWith(".json")) {
      const bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
      const data = JSON.parse(text.replace(/^\ufeff/, ""));
      data.plugins = plugins;
      delete data.frameworkVersion;
      fs.writeFileSync(file, bom + JSON.stringify(data, null, 2) + "\n");
    } else {
      const out = [];
      let dropping = false;
      for (const line of text.split(/\r?\n/)) {
        if (/^(plugins|frameworkVersion)\s*:/.test(line)) { dropping = true; continue; }
        if (dropping && (line === "" || /^[\s#]/.test(line))) continue;
        dropping = false;
        out.push(line);
      }
      out.push("plugins:", ...plugins.map((p) => `  - ${p}`), "");
      fs.writeFileSync(file, out.join("\n"));
    }
  ' "$1" "${plugins[@]}"
}

# ${ssm:…}, ${cf:…} and ${s3:…} would need AWS: the scratch copy gets a fixed string instead
# (oracle-offline-<source>). A fixture uses them only where stepf does not read them (it is offline too).
offline_remote_variables() {
  local f
  for f in "$1"/*.yml "$1"/*.yaml "$1"/*.json; do
    [ -f "$f" ] || continue
    if grep -qE '\$\{(ssm|cf|s3):' "$f"; then
      echo "oracle: $(basename "$f"): remote variables replaced by oracle-offline-<source>" >&2
      sed -i -E 's/\$\{(ssm|cf|s3):[^}]*\}/oracle-offline-\1/g' "$f"
    fi
  done
}

# Serverless zips the handlers' folder; a missing handler file is harmless for `package` in v3, but a stub
# keeps the zip (and so the Lambda version hash) deterministic and small.
stub_handlers() {
  local dir="$1" h file
  # Functions may live in other files (functions: ${file(./functions.yml)}): every YAML/JSON file is read.
  find "$dir" -name node_modules -prune -o -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.json' \) -print0 \
    | xargs -0 grep -hoE '^[[:space:]]*"?handler"?:[[:space:]]*["'\'']?[A-Za-z0-9_./-]+' \
    | sed -E 's/^[[:space:]]*"?handler"?:[[:space:]]*["'\'']?//' | while read -r h; do
      file="$dir/${h%.*}"
      ls "$file".* >/dev/null 2>&1 || { mkdir -p "$(dirname "$file")"; echo 'module.exports = {};' > "$file.js"; }
    done || true  # no handler: at all is fine
}

# Rewrites the two values that change on every run, so a regenerated template diffs only when the
# plugin's output really changed: the S3 key's timestamp and the ApiGatewayDeployment logical ID suffix.
normalize() {
  node -e '
    const fs = require("fs");
    const [src, dst] = process.argv.slice(1);
    let text = fs.readFileSync(src, "utf8");
    text = text.replace(/(serverless\/[^"]*\/)\d{13}-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\//g, "$10000000000000-1970-01-01T00:00:00.000Z/");
    text = text.replace(/ApiGatewayDeployment\d{13}/g, "ApiGatewayDeployment0000000000000");
    fs.writeFileSync(dst, JSON.stringify(JSON.parse(text), null, 2) + "\n");
  ' "$1" "$2"
}

# Without the plugin only the logical IDs matter (what the Framework writes alone): logical ID -> type, with the
# deployment's random suffix fixed as in normalize; and beside it (without-plugin.outputs.json) the output keys.
resource_ids() {
  node -e '
    const fs = require("fs");
    const [src, dst] = process.argv.slice(1);
    const t = JSON.parse(fs.readFileSync(src, "utf8"));
    const ids = {};
    for (const id of Object.keys(t.Resources || {}).sort()) ids[id.replace(/^ApiGatewayDeployment\d{13}$/, "ApiGatewayDeployment0000000000000")] = t.Resources[id].Type;
    fs.writeFileSync(dst, JSON.stringify(ids, null, 2) + "\n");
    fs.writeFileSync(dst.replace(/resources\.json$/, "outputs.json"), JSON.stringify(Object.keys(t.Outputs || {}).sort(), null, 2) + "\n");
  ' "$1" "$2"
}

config_of() {
  local f
  for f in serverless.yml serverless.yaml serverless.json; do [ -f "$1/$f" ] && { echo "$f"; return; }; done
  return 1
}

run_fixture() {
  local name="$1" src="$root/fixtures/$1" work="$oracle/services/$1" config
  config="$(config_of "$src")" || { echo "oracle: fixtures/$name has no serverless.yml, .yaml or .json" >&2; return 1; }
  rm -rf "$work" && mkdir -p "$work"
  cp -R "$src/." "$work/"
  # Only the service goes in: stepf's goldens and notes would change the zip, so the Lambda version hash.
  rm -rf "$work/.serverless" "$work/.stepf" "$work"/*.template.json "$work"/stepf.* "$work/expected-error.txt" "$work"/without-plugin.*
  set_plugins "$work/$config"
  offline_remote_variables "$work"
  stub_handlers "$work"
  # Fake credentials and no telemetry/notifications: `package` needs neither AWS nor the dashboard. No
  # --region: provider.region applies, else Serverless's default us-east-1, as for a plugin user.
  if (cd "$work" && env -u AWS_SESSION_TOKEN -u AWS_PROFILE AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \
        AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/nonexistent \
        AWS_SHARED_CREDENTIALS_FILE=/nonexistent SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off \
        SLS_TRACKING_DISABLED=1 SERVERLESS_PLATFORM_STAGE=dev CI=1 \
        "$oracle/node_modules/.bin/serverless" package --stage dev > "$work/oracle.log" 2>&1); then
    if [ -n "$without_plugin" ]; then
      resource_ids "$work/.serverless/cloudformation-template-update-stack.json" "$src/without-plugin.resources.json"
      echo "oracle: fixtures/$name/without-plugin.resources.json written"
    else
      normalize "$work/.serverless/cloudformation-template-update-stack.json" "$src/plugin.template.json"
      echo "oracle: fixtures/$name/plugin.template.json written"
    fi
  else
    echo "oracle: the plugin could not package fixtures/$name (nothing written); its output ($work/oracle.log):" >&2
    sed 's/^/  | /' "$work/oracle.log" | tail -25 >&2
    return 1
  fi
}

install_oracle
if [ $# -eq 0 ]; then
  set -- $(cd "$root/fixtures" && for d in */ real/*/; do config_of "$d" >/dev/null && echo "${d%/}"; done)
fi
failed=()
for name in "$@"; do run_fixture "$name" || failed+=("$name"); done
if [ ${#failed[@]} -gt 0 ]; then
  echo "oracle: no plugin template for: ${failed[*]}" >&2
  exit 1
fi
