#!/usr/bin/env bash
# Renders the production nginx configuration from environment variables.
#
#   VEHIZEN_URL=https://api.vehizen.example/ VEHIZEN_KEY_HEADER=X-Api-Key VEHIZEN_KEY=... \
#   EMABLER_URL=https://api.emabler.io/api/v2/cpo/ EMABLER_KEY=... \
#   OCEAN_URL=https://api.ocean.example/restapi/ \
#   FLEET_DIST=/srv/fleet-console/dist FLEET_SERVER_NAME=console.example.com \
#   FLEET_OUT=/etc/fleet-console/nginx deploy/nginx/render.sh
#   nginx -c /etc/fleet-console/nginx/nginx.conf
#
# Required: VEHIZEN_URL VEHIZEN_KEY_HEADER VEHIZEN_KEY EMABLER_URL EMABLER_KEY
#           OCEAN_URL FLEET_DIST FLEET_SERVER_NAME
# Optional (default): FLEET_OUT (./nginx-rendered), FLEET_LISTEN (8080),
#   FLEET_RUNTIME_DIR ($FLEET_OUT/run: pid, temp files, logs),
#   FLEET_ERROR_LOG / FLEET_ACCESS_LOG (in the runtime dir),
#   FLEET_TILE_ORIGIN (https://tile.openstreetmap.org: the map tiles' origin,
#   the only foreign origin the Content-Security-Policy allows),
#   FLEET_RATE (10r/s) and FLEET_BURST (40): vendor calls per client address,
#   FLEET_CA_FILE (/etc/ssl/certs/ca-certificates.crt): trusted for upstream TLS,
#   FLEET_MIME_TYPES (/etc/nginx/mime.types),
#   FLEET_USER (none): the workers' user when nginx starts as root (www-data),
#   FLEET_BROTLI_MODULE (/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;
#   used when the file exists, "off" to never use it).
#
# The credentials land only in $FLEET_OUT/*-upstream.conf (mode 600). Rotating a
# key: render again with the new value and `nginx -s reload`; no rebuild.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # "&" in a key stays "&"

here="$(cd "$(dirname "$0")" && pwd)"
die() { echo "render.sh: $*" >&2; exit 2; }
need() { [[ -n "${!1:-}" ]] || die "$1 is required (see the top of this script)"; }

for v in VEHIZEN_URL VEHIZEN_KEY_HEADER VEHIZEN_KEY EMABLER_URL EMABLER_KEY OCEAN_URL FLEET_DIST FLEET_SERVER_NAME; do
  need "$v"
done

out="${FLEET_OUT:-$PWD/nginx-rendered}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
runtime="${FLEET_RUNTIME_DIR:-$out/run}"
mkdir -p "$runtime"
runtime="$(cd "$runtime" && pwd)"
dist="$(cd "$FLEET_DIST" 2>/dev/null && pwd)" || die "FLEET_DIST $FLEET_DIST is not a directory"
[[ -f "$dist/index.html" ]] || die "$dist/index.html missing: build with 'trunk build --release' first"
for f in index.html config.json; do
  [[ -e "$dist/$f.gz" || -e "$dist/$f.br" ]] \
    && die "$dist/$f must not be precompressed (index.html gets the CSP nonce per response; config.json is edited in place)"
done
grep -q '{{__TRUNK NONCE__}}' "$dist/index.html" \
  || die "$dist/index.html has no nonce placeholder: build with the repository's Trunk.toml (create_nonce = true)"

# Values that end up inside nginx strings: nginx has no escape for "$" there,
# so anything outside these characters is refused rather than mangled.
safe_value() { [[ "$2" =~ ^[A-Za-z0-9._~+/=:@-]+$ ]] || die "$1 contains characters nginx cannot carry safely"; }
safe_value VEHIZEN_KEY "$VEHIZEN_KEY"
safe_value EMABLER_KEY "$EMABLER_KEY"
[[ "$VEHIZEN_KEY_HEADER" =~ ^[A-Za-z0-9-]+$ ]] || die "VEHIZEN_KEY_HEADER is not a header name"
[[ "$FLEET_SERVER_NAME" =~ ^[A-Za-z0-9.*-]+( [A-Za-z0-9.*-]+)*$ ]] || die "FLEET_SERVER_NAME is not a list of host names"
tile_origin="${FLEET_TILE_ORIGIN:-https://tile.openstreetmap.org}"
[[ "$tile_origin" =~ ^https://[A-Za-z0-9.*-]+(:[0-9]+)?$ ]] || die "FLEET_TILE_ORIGIN must be an https origin (scheme://host[:port])"
rate="${FLEET_RATE:-10r/s}"
[[ "$rate" =~ ^[0-9]+r/[sm]$ ]] || die "FLEET_RATE must look like 10r/s"
burst="${FLEET_BURST:-40}"
[[ "$burst" =~ ^[0-9]+$ ]] || die "FLEET_BURST must be a number"
listen="${FLEET_LISTEN:-8080}"
[[ "$listen" =~ ^[][0-9A-Za-z.:\ ]+$ ]] || die "FLEET_LISTEN is not a listen address"
ca_file="${FLEET_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}"
brotli_module="${FLEET_BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so}"

# scheme://host[:port]/base/ → the parts nginx needs (upstream, Host, SNI, path).
declare -A scheme hostport host host_header path
parse_url() {
  local name=$1 url=$2
  [[ "$url" =~ ^(https?)://([A-Za-z0-9.-]+)(:([0-9]+))?(/[A-Za-z0-9._~/-]*)?$ ]] \
    || die "${name^^}_URL must be http(s)://host[:port]/base/path/ (got $url)"
  scheme[$name]=${BASH_REMATCH[1]}
  host[$name]=${BASH_REMATCH[2]}
  local port=${BASH_REMATCH[4]}
  host_header[$name]=${BASH_REMATCH[2]}${BASH_REMATCH[3]}
  [[ -z "$port" ]] && { [[ ${scheme[$name]} == https ]] && port=443 || port=80; }
  hostport[$name]="${host[$name]}:$port"
  local p=${BASH_REMATCH[5]:-/}
  [[ "$p" == */ ]] || p="$p/"
  path[$name]=$p
}
parse_url vehizen "$VEHIZEN_URL"
parse_url emabler "$EMABLER_URL"
parse_url ocean "$OCEAN_URL"

# Per vendor: Host and TLS name, its own credential (overwriting any the
# client sent) and every other vendor's credential header removed.
write_upstream() {
  local name=$1 file="$out/$1-upstream.conf"
  (
    umask 077
    {
      echo "# Rendered by render.sh: $name's Host, TLS and credential. Secret: mode 600."
      echo "proxy_set_header Host ${host_header[$name]};"
      case $name in
        vehizen) echo "proxy_set_header $VEHIZEN_KEY_HEADER \"$VEHIZEN_KEY\";" ;;
        emabler) echo "proxy_set_header x-api-key \"$EMABLER_KEY\";" ;;
      esac
      [[ $name != vehizen && ${VEHIZEN_KEY_HEADER,,} != x-api-key ]] && echo "proxy_set_header $VEHIZEN_KEY_HEADER \"\";"
      [[ $name != emabler && ( $name != vehizen || ${VEHIZEN_KEY_HEADER,,} != x-api-key ) ]] && echo 'proxy_set_header x-api-key "";'
      [[ $name != ocean ]] && echo 'proxy_set_header X-AUTH-TOKEN "";'
      if [[ ${scheme[$name]} == https ]]; then
        [[ -f "$ca_file" ]] || die "FLEET_CA_FILE $ca_file not found (needed to verify ${host[$name]})"
        echo "proxy_ssl_server_name on;"
        echo "proxy_ssl_name ${host[$name]};"
        echo "proxy_ssl_verify on;"
        echo "proxy_ssl_verify_depth 4;"
        echo "proxy_ssl_trusted_certificate $ca_file;"
        echo "proxy_ssl_protocols TLSv1.2 TLSv1.3;"
        echo "proxy_ssl_session_reuse on;"
      fi
    } >"$file"
  )
}
for v in vehizen emabler ocean; do write_upstream "$v"; done

user_line=""
if [[ -n "${FLEET_USER:-}" ]]; then
  [[ "$FLEET_USER" =~ ^[a-z_][a-z0-9_-]*$ ]] || die "FLEET_USER is not a user name"
  user_line="user $FLEET_USER;"
fi

brotli_load="" brotli_conf="" brotli_level=""
if [[ "$brotli_module" != off && -f "$brotli_module" ]]; then
  brotli_load="load_module $brotli_module;"
  brotli_level="brotli_comp_level 1;"
  brotli_conf="    brotli on;
    brotli_comp_level 6;
    brotli_min_length 512;
    brotli_types text/css application/javascript application/json application/wasm image/svg+xml;"
  # Files precompressed by precompress.sh, when Debian's static module is there.
  static_module="$(dirname "$brotli_module")/ngx_http_brotli_static_module.so"
  if [[ -f "$static_module" ]]; then
    brotli_load="$brotli_load
load_module $static_module;"
    brotli_conf="$brotli_conf
    brotli_static on;"
  fi
fi

render() {
  local text
  text="$(<"$1")"
  local -A values=(
    [OUT_DIR]="$out" [RUNTIME_DIR]="$runtime" [DIST]="$dist" [LISTEN]="$listen"
    [SERVER_NAME]="$FLEET_SERVER_NAME" [TILE_ORIGIN]="$tile_origin" [RATE]="$rate" [BURST]="$burst"
    [MIME_TYPES]="${FLEET_MIME_TYPES:-/etc/nginx/mime.types}"
    [ERROR_LOG]="${FLEET_ERROR_LOG:-$runtime/error.log}" [ACCESS_LOG]="${FLEET_ACCESS_LOG:-$runtime/access.log}"
    [USER_LINE]="$user_line" [BROTLI_LOAD]="$brotli_load" [BROTLI_CONF]="$brotli_conf" [BROTLI_LEVEL]="$brotli_level"
    [VEHIZEN_HOSTPORT]="${hostport[vehizen]}" [VEHIZEN_SCHEME]="${scheme[vehizen]}" [VEHIZEN_PATH]="${path[vehizen]}"
    [EMABLER_HOSTPORT]="${hostport[emabler]}" [EMABLER_SCHEME]="${scheme[emabler]}" [EMABLER_PATH]="${path[emabler]}"
    [OCEAN_HOSTPORT]="${hostport[ocean]}" [OCEAN_SCHEME]="${scheme[ocean]}" [OCEAN_PATH]="${path[ocean]}"
  )
  local key
  for key in "${!values[@]}"; do
    text="${text//@@$key@@/${values[$key]}}"
  done
  [[ "$text" != *@@*@@* ]] || die "$1: unknown placeholder left: $(grep -o '@@[A-Z_]*@@' <<<"$text" | head -1)"
  printf '%s\n' "$text" >"$2"
}
render "$here/nginx.conf.template" "$out/nginx.conf"
render "$here/security-headers.conf.template" "$out/security-headers.conf"
render "$here/vendor-proxy.conf.template" "$out/vendor-proxy.conf"
cp "$here/static-methods.conf" "$out/static-methods.conf"
echo "rendered $out/nginx.conf (serving $dist as $FLEET_SERVER_NAME on $listen)"
