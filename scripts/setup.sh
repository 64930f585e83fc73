#!/usr/bin/env bash
# Installs what building (and, with --browser, testing) the console needs.
# Idempotent: each tool is skipped when already present at the right version.
# Works offline from everything but the Rust, npm and Debian registries.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The test command's gates: rustfmt and clippy (rustup components) and
# leptosfmt, which formats the view! macros rustfmt leaves alone.
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done
leptosfmt_version=0.1.33
if [[ "$(leptosfmt --version 2>/dev/null || true)" != "leptosfmt $leptosfmt_version" ]]; then
  say "cargo install leptosfmt $leptosfmt_version"
  cargo install --locked leptosfmt --version "$leptosfmt_version"
fi

trunk_version=0.21.14 # 0.22 needs a newer rustc than this toolchain
if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $trunk_version" ]]; then
  say "cargo install trunk $trunk_version"
  cargo install --locked trunk --version "$trunk_version"
fi

# wasm-split-cli cuts the wasm by route after each build (scripts/split-wasm.sh).
# It is wasm_split_cli_support's binary (the crate leptos' own tooling uses),
# not the unrelated `wasm-split-cli` crate.
wsplit_version=0.2.4
if ! cargo install --list | grep -q "^wasm_split_cli_support v$wsplit_version:"; then
  say "cargo install wasm_split_cli_support $wsplit_version"
  cargo install --locked wasm_split_cli_support --version "$wsplit_version" --features build-binary
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
# Not --locked: its own lockfile pins crates this toolchain cannot build.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg_version" ]]; then
  say "cargo install wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi
if ! grep -q "wasm_bindgen = \"$wbg_version\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_bindgen must be $wbg_version (Cargo.lock)" >&2
  exit 1
fi

# Leaflet (copied into dist/ by Trunk), wasm-opt from npm's binaryen, and
# axe-core (injected into pages by the e2e accessibility test).
npm_version() { node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true; }
if [[ "$(npm_version leaflet)" != "1.9.4" || "$(npm_version binaryen)" != "132.0.0" || "$(npm_version axe-core)" != "4.11.0" ]]; then
  say "npm ci (leaflet, binaryen, axe-core)"
  npm ci --no-audit --no-fund
fi

say "cargo fetch"
cargo fetch --quiet

if $want_browser; then
  # Chromium for the browser tests; Debian's nginx (with its brotli module),
  # LemonLDAP::NG and Redis for the production edge tests (deploy/nginx).
  packages=()
  command -v chromium >/dev/null || packages+=(chromium)
  command -v chromedriver >/dev/null || packages+=(chromium-driver)
  [[ -x /usr/sbin/nginx ]] || packages+=(nginx)
  [[ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]] || packages+=(libnginx-mod-http-brotli-filter)
  [[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]] || packages+=(libnginx-mod-http-brotli-static)
  [[ -f /usr/lib/nginx/modules/ngx_http_js_module.so ]] || packages+=(libnginx-mod-http-js)
  command -v brotli >/dev/null || packages+=(brotli)
  # The edge's sign-in: LemonLDAP::NG (handler and portal over FastCGI; the
  # portal's captcha needs GD and ImageMagick), sessions in Redis.
  # The e2e edge suite's directory (OpenLDAP; LL::NG reads it with Net::LDAP,
  # which the portal package only recommends), its TLS (openssl makes a
  # throw-away CA; certutil makes Chromium trust it) and scripts/tls-check.sh.
  for p in lemonldap-ng lemonldap-ng-fastcgi-server libgd-securityimage-perl libimage-magick-perl \
    redis-server libapache-session-browseable-perl libredis-perl \
    slapd ldap-utils openssl libnss3-tools testssl.sh libnet-ldap-perl libunicode-string-perl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || packages+=("$p")
  done
  if ((${#packages[@]})); then
    say "apt-get install ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    # The tests start their own nginx: the package must not start a system
    # one on port 80 (policy-rc.d refuses service starts during the install).
    no_policy=false
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      no_policy=true
      printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
      $sudo_cmd chmod +x /usr/sbin/policy-rc.d
    fi
    $sudo_cmd apt-get update -qq
    if ! $sudo_cmd apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; then
      # A dpkg interrupted mid-install leaves the system half-configured.
      $sudo_cmd apt-get -f install -y -qq
      $sudo_cmd apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    fi
    $no_policy && $sudo_cmd rm -f /usr/sbin/policy-rc.d
  fi
fi
say "setup complete"
