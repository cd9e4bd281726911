#!/usr/bin/env bash
# Runs the Dockerfile's steps without Docker (which cannot run on the project's machines): each
# stage gets a folder standing for its file system, COPY copies (from the build context minus
# .dockerignore, or `--from` an earlier stage), RUN runs in the stage's WORKDIR with its ENV, and
# the last stage is then started with its CMD: it must answer /api/ready, serve the login page and
# pass the HEALTHCHECK command. What this cannot check: the base image itself (the machine's Node
# stands for node:24, and CI runs this under Node 24), USER (the check runs as the current user;
# `chown` to a user this machine lacks is skipped), EXPOSE and VOLUME.
# Usage: scripts/dockerfile-steps.sh [Dockerfile]    (KEEP=1 keeps the temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
context="$(pwd)"
dockerfile="${1:-Dockerfile}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/relais-dockerfile-XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ "${KEEP:-}" != 1 ]]; then rm -rf "$tmp"; else echo "gardé : $tmp"; fi
}
trap cleanup EXIT

# One instruction per line: continuations joined, comments and blank lines dropped.
mapfile -t steps < <(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dockerfile" | grep -Ev '^[[:space:]]*(#|$)')

declare -A stages=()
stage="" root="" workdir="/" cmd="" healthcheck=""
env_vars=()
chown_ok=1
id node >/dev/null 2>&1 || chown_ok=0

copy() { # copy SRC_ROOT DEST SRC...
  local from="$1" dest="$2"; shift 2
  local target="$root$workdir/$dest"
  [[ "$dest" == /* ]] && target="$root$dest"
  if [[ "$from" == "$context" && "$*" == "." ]]; then
    mkdir -p "$target"
    tar -C "$context" --exclude-from="$context/.dockerignore" -cf - . | tar -C "$target" -xf -
    return
  fi
  for src in "$@"; do
    local path="$from/$src"
    [[ "$src" == /* ]] && path="$from$src"
    if [[ "$dest" == */ || $# -gt 1 ]]; then
      mkdir -p "$target"
      cp -a "$path" "$target/"
    else
      mkdir -p "$(dirname "$target")"
      cp -a "$path" "$target"
    fi
  done
}

for step in "${steps[@]}"; do
  read -r instruction args <<<"$step"
  echo "── ${stage:-?} │ $instruction $args"
  case "${instruction^^}" in
    FROM)
      if [[ "$args" =~ [[:space:]][Aa][Ss][[:space:]]+([A-Za-z0-9_.-]+) ]]; then stage="${BASH_REMATCH[1]}"; else stage="final"; fi
      root="$tmp/$stage"
      stages[$stage]="$root"
      mkdir -p "$root"
      workdir="/"
      env_vars=()
      ;;
    WORKDIR)
      workdir="$args"
      mkdir -p "$root$workdir"
      ;;
    ENV)
      read -r -a pairs <<<"$args"
      env_vars+=("${pairs[@]}")
      ;;
    COPY)
      read -r -a words <<<"$args"
      from="$context"
      while [[ "${words[0]}" == --* ]]; do
        [[ "${words[0]}" == --from=* ]] && from="${stages[${words[0]#--from=}]}"
        words=("${words[@]:1}")
      done
      dest="${words[-1]}"
      unset 'words[-1]'
      copy "$from" "$dest" "${words[@]}"
      ;;
    RUN)
      (
        cd "$root$workdir"
        if [[ $chown_ok == 0 ]]; then chown() { echo "(chown ignoré : pas d'utilisateur node ici)"; }; export -f chown; fi
        env "${env_vars[@]}" bash -euo pipefail -c "$args"
      )
      ;;
    CMD) cmd="$args" ;;
    HEALTHCHECK) healthcheck="${args#*CMD }" ;;
    USER | EXPOSE | VOLUME | LABEL | ARG) ;;
    *)
      echo "Instruction non prise en charge par ce script : $instruction" >&2
      exit 1
      ;;
  esac
done

echo "── démarrage de l'image finale ($stage) : $cmd"
app="$root$workdir"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
read -r -a argv < <(node -e 'console.log(JSON.parse(process.argv[1]).join(" "))' "$cmd")
(
  cd "$app"
  exec env "${env_vars[@]}" PORT="$port" HOST=127.0.0.1 DATA_DIR="$tmp/data" LOG_LEVEL=warn "${argv[@]}"
) >"$tmp/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 600); do # up to 5 min: the first start seeds the demo
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if ready="$(curl -fsS "http://127.0.0.1:$port/api/ready" 2>/dev/null)"; then break; fi
  sleep 0.5
done
if [[ "$ready" != *'"status":"ready"'* ]]; then
  echo "L'image construite ne répond pas sur /api/ready :" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi
echo "/api/ready : $ready"
curl -fsS "http://127.0.0.1:$port/login" | grep -q '<div id="root">' || { echo "page de connexion absente" >&2; exit 1; }
echo "page de connexion servie"
(cd "$app" && env "${env_vars[@]}" PORT="$port" bash -c "$healthcheck") || { echo "HEALTHCHECK en échec" >&2; exit 1; }
echo "HEALTHCHECK : ok"
if [[ -d "$app/src" || -e "$app/node_modules/vite" || -e "$app/node_modules/tsx" ]]; then
  echo "L'image finale contient des sources ou des devDependencies" >&2
  exit 1
fi
echo "image finale sans sources ni devDependencies ($(du -sh "$app" | cut -f1))"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
# The npm scripts of the image work too (their pre-script finds no sources and builds nothing).
(cd "$app" && env "${env_vars[@]}" DATA_DIR="$tmp/data" npm run --silent backup -- "$tmp/relais.tar.gz")
echo "npm run backup dans l'image : ok"
