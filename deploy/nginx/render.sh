#!/usr/bin/env bash
# Renders the production edge from environment variables: nginx (the app,
# the vendor proxy, the sign-in perimeter) and, by default, the LemonLDAP::NG
# Web-SSO that nginx asks on every request (auth_request).
#
#   VEHIZEN_URL=https://api.vehizen.example/ VEHIZEN_KEY_HEADER=X-Api-Key VEHIZEN_KEY_FILE=/etc/fleet-console/keys/vehizen \
#   EMABLER_URL=https://api.emabler.io/api/v2/cpo/ EMABLER_KEY_FILE=/etc/fleet-console/keys/emabler \
#   OCEAN_URL=https://api.ocean.example/restapi/ \
#   FLEET_DIST=/srv/fleet-console/dist FLEET_SERVER_NAME=console.example.com FLEET_OUT=/etc/fleet-console \
#   FLEET_TLS_CERT=/etc/fleet-console/tls/fullchain.pem FLEET_TLS_KEY=/etc/fleet-console/tls/key.pem \
#   LLNG_PORTAL_URL=https://auth.example.com/ LLNG_COOKIE_DOMAIN=example.com LLNG_AUTH_BACKEND=LDAP ... \
#   deploy/nginx/render.sh
#   nginx -c /etc/fleet-console/nginx.conf
#
# Required: VEHIZEN_URL VEHIZEN_KEY_HEADER EMABLER_URL OCEAN_URL FLEET_DIST
#   (a release build of the checked-out commit) FLEET_SERVER_NAME FLEET_OUT
#   (never defaults into the working tree: the rendered files hold the keys),
#   each vendor key as VEHIZEN_KEY / EMABLER_KEY or, better, a file holding
#   it: VEHIZEN_KEY_FILE / EMABLER_KEY_FILE, and the edge's TLS certificate
#   (with its chain) and key: FLEET_TLS_CERT, FLEET_TLS_KEY (not world-readable;
#   the certificate names every FLEET_SERVER_NAME and the portal's host).
#   Every URL is https:// (ldaps:// or ldap+tls:// for a directory) unless
#   its host is a loopback name (localhost, *.localhost, 127.0.0.1).
# Optional (default):
#   FLEET_LISTEN (443: HTTPS, HTTP/2), FLEET_HTTP_LISTEN (80: redirects to
#   https; "off" for none), FLEET_TRUSTED_PROXIES (none: the load balancers'
#   addresses or CIDRs, whose X-Forwarded-For then names the client for the
#   rate limits and the audit log), FLEET_RUNTIME_DIR ($FLEET_OUT/run: pid, sockets, temp
#   files, logs), FLEET_ERROR_LOG / FLEET_ACCESS_LOG / FLEET_AUDIT_LOG (in the
#   runtime dir; the audit log has one JSON line per group write),
#   FLEET_PUBLIC_ORIGIN (https://<first FLEET_SERVER_NAME>: the Origin a
#   browser sends on the console's own writes),
#   FLEET_TILE_ORIGIN (https://tile.openstreetmap.org: the map tiles' origin,
#   the only foreign origin the Content-Security-Policy allows),
#   FLEET_RATE (10r/s) and FLEET_BURST (40): vendor calls per client address,
#   FLEET_LOGIN_RATE (5r/m) and FLEET_LOGIN_BURST (3): Ocean sign-ins per client address,
#   FLEET_PORTAL_RATE (10r/m) and FLEET_PORTAL_BURST (10): sign-in attempts
#   (POSTs to the portal) per client address,
#   GEOCODER_URL (https://data.geopf.fr/geocodage/: the French address API on IGN's
#   Géoplateforme; Photon and Nominatim answer the same GeoJSON), GEOCODER_SEARCH_PATH
#   (search) and GEOCODER_REVERSE_PATH (reverse) below it, served to the console as
#   /vendors/geocoder/search and /reverse; FLEET_GEOCODER_RATE (40r/s) and
#   FLEET_GEOCODER_BURST (20): for all users together (BAN allows 50/s per address),
#   FLEET_CA_FILE (/etc/ssl/certs/ca-certificates.crt): trusted for upstream TLS,
#   FLEET_MIME_TYPES (/etc/nginx/mime.types),
#   FLEET_USER (none): the workers' user when nginx starts as root (www-data),
#   FLEET_BROTLI_MODULE (/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;
#   used when the file exists, "off" to never use it).
# Sign-in: FLEET_AUTH (llng) is "llng" (LemonLDAP::NG, rendered here) or
#   "forward" (any forward-auth service: oauth2-proxy, Authelia, ...):
#   llng:    LLNG_PORTAL_URL (required: the login page, e.g. https://auth.example.com/),
#            LLNG_COOKIE_DOMAIN (required: shared by console and portal),
#            LLNG_AUTH_BACKEND (required: Demo, LDAP or AD; others through LLNG_CONF_OVERLAY),
#              (Demo: password = login, only when FLEET_LISTEN is loopback),
#            LLNG_EDITOR_RULE (inGroup("fleet-editors")): an LL::NG rule; who
#              it accepts may also write (any method but GET and HEAD),
#            LLNG_VIEWER_RULE (inGroup("fleet-viewers")): who may read; anyone
#              neither rule accepts gets a "no access" page and nothing else,
#            LLNG_SESSION_TIMEOUT (28800 s), LLNG_INACTIVITY_TIMEOUT (1800 s:
#              a session unused this long ends), LLNG_SAMESITE (Lax or Strict),
#            LLNG_BRUTE_FORCE_MAX_FAILED (3) and LLNG_BRUTE_FORCE_LOCK_TIMES
#              ("15, 30, 60, 300, 600" s): after that many wrong passwords the
#              account is locked, longer after each further failure,
#            LLNG_SESSIONS (file; redis or postgresql for several nodes, with
#              LLNG_REDIS_SERVER host:port, LLNG_REDIS_USER (an ACL user) and
#              LLNG_REDIS_PASSWORD_FILE, or LLNG_PG_DSN / LLNG_PG_USER /
#              LLNG_PG_PASSWORD_FILE),
#            LLNG_LDAP_SERVER, LLNG_LDAP_BASE, LLNG_LDAP_BIND_DN,
#              LLNG_LDAP_BIND_PASSWORD_FILE, LLNG_LDAP_GROUP_BASE (LDAP and AD),
#            LLNG_LDAP_CA_FILE (the system's CAs): the CA that signed the
#              directory's certificate (ldaps:// or ldap+tls://, StartTLS),
#            LLNG_CONF_OVERLAY (a JSON file whose keys replace the rendered
#              configuration's: OpenID Connect, SAML, Kerberos...),
#            LLNG_STATE_DIR ($FLEET_OUT/llng-state: file sessions, caches, the
#              handler's socket and pid), LLNG_SOCKET ($LLNG_STATE_DIR/llng-fastcgi.sock),
#              LLNG_USER (www-data),
#            LLNG_BASE_CONF (/var/lib/lemonldap-ng/conf/lmConf-1.json: Debian's),
#            LLNG_SERVE_PORTAL (1: this nginx also serves the portal's host).
#   forward: FLEET_AUTH_URL (its check endpoint, http(s)://host:port/path),
#            FLEET_SIGN_IN_URL (where a browser without a session goes),
#            FLEET_SIGN_OUT_URL, and the answer headers naming the user:
#            FLEET_AUTH_USER_HEADER (Auth-User), FLEET_AUTH_NAME_HEADER
#            (Auth-Name), FLEET_AUTH_ROLE_HEADER (Auth-Role: "editor" or not).
#            It gets X-Original-URI (the path nginx routes on, decoded and
#            normalised) and X-Original-Method, and should answer 403 to
#            anyone who may not read; nginx forwards no method but GET and
#            HEAD unless the service answered Auth-Role "editor" (Ocean's two
#            read-only POSTs aside).
#
# The credentials land only in $FLEET_OUT/*-upstream.conf (mode 600). Rotating a
# key: render again with the new value and `nginx -s reload`; no rebuild.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # "&" in a key stays "&"

here="$(cd "$(dirname "$0")" && pwd)"
die() { echo "render.sh: $*" >&2; exit 2; }
need() { [[ -n "${!1:-}" ]] || die "$1 is required (see the top of this script)"; }

for v in VEHIZEN_URL VEHIZEN_KEY_HEADER EMABLER_URL OCEAN_URL FLEET_DIST FLEET_SERVER_NAME FLEET_OUT; do
  need "$v"
done

# Every value that reaches a configuration file is checked against the
# shape it must have: nginx has no escape for "$" or ";" inside its strings,
# so anything else is refused rather than mangled.
# An absolute path without "..", spaces, quotes, "$", ";" or braces.
safe_path() {
  [[ "$2" =~ ^/[A-Za-z0-9._/+@:-]*$ && "$2" != *..* ]] || die "$1 must be an absolute path of letters, digits and ._/+@:- (got ${2@Q})"
}
# A file the variable may name (nothing when unset): a safe path, readable.
optional_file() {
  [[ -z "${!1:-}" ]] && return 0
  safe_path "$1" "${!1}"
  [[ -r "${!1}" ]] || die "$1 ${!1} is not readable"
}
safe_value() { [[ "$2" =~ ^[A-Za-z0-9._~+/=:@-]+$ ]] || die "$1 contains characters nginx cannot carry safely"; }

# A key from the environment, or better from a file (nothing on a command line).
read_key() {
  local name=$1 file_var="${1}_FILE"
  if [[ -n "${!file_var:-}" ]]; then
    safe_path "$file_var" "${!file_var}"
    [[ -r "${!file_var}" ]] || die "$file_var ${!file_var} is not readable"
    local value
    value="$(tr -d '\r\n' <"${!file_var}")"
    printf -v "$name" '%s' "$value"
  fi
  [[ -n "${!name:-}" ]] || die "$name or $file_var is required"
  safe_value "$name" "${!name}"
}
read_key VEHIZEN_KEY
read_key EMABLER_KEY

safe_path FLEET_OUT "$FLEET_OUT"
out="$FLEET_OUT"
# Everything below is created readable by its owner only (keys, the
# sign-in's configuration and sessions); what another user must read is
# opened up explicitly at the end.
umask 077
mkdir -p "$out"
out="$(cd "$out" && pwd)"
runtime="${FLEET_RUNTIME_DIR:-$out/run}"
safe_path FLEET_RUNTIME_DIR "$runtime"
mkdir -p "$runtime"
runtime="$(cd "$runtime" && pwd)"
safe_path FLEET_DIST "$FLEET_DIST"
dist="$(cd "$FLEET_DIST" 2>/dev/null && pwd)" || die "FLEET_DIST $FLEET_DIST is not a directory"
safe_path FLEET_DIST "$dist"
[[ -f "$dist/index.html" ]] || die "$dist/index.html missing: build with 'trunk build --release' first"
for f in index.html config.json; do
  [[ -e "$dist/$f.gz" || -e "$dist/$f.br" ]] \
    && die "$dist/$f must not be precompressed (index.html gets the CSP nonce per response; config.json is edited in place)"
done
# Only a release build (scripts/split-wasm.sh writes build-info.json), and,
# when this script runs from a git checkout, one of the checked-out commit.
[[ -f "$dist/build-info.json" ]] || die "$dist has no build-info.json: build it with 'trunk build --release' (scripts/split-wasm.sh writes it)"
build_profile=$(sed -n 's/.*"profile":"\([a-z]*\)".*/\1/p' "$dist/build-info.json")
[[ "$build_profile" == release ]] || die "$dist is a ${build_profile:-unknown} build, not a release one: 'trunk build --release' (scripts/run.sh's development build lives in target/dev-dist)"
build_commit=$(sed -n 's/.*"commit":"\([0-9a-f]*\)".*/\1/p' "$dist/build-info.json")
if checkout=$(git -C "$here" rev-parse HEAD 2>/dev/null); then
  [[ "$build_commit" == "$checkout" ]] || die "$dist was built from ${build_commit:-an unknown commit}, not the checked-out $checkout: build again"
fi
# A build of uncommitted changes is not a build of any commit: for tests
# and local evaluation only (FLEET_ALLOW_DIRTY_BUILD=1).
if grep -q '"dirty":true' "$dist/build-info.json" && [[ "${FLEET_ALLOW_DIRTY_BUILD:-}" != 1 ]]; then
  die "$dist was built from a working tree with uncommitted changes: commit and build again (FLEET_ALLOW_DIRTY_BUILD=1 for a local evaluation)"
fi
grep -q '{{__TRUNK NONCE__}}' "$dist/index.html" \
  || die "$dist/index.html has no nonce placeholder: build with the repository's Trunk.toml (create_nonce = true)"

[[ "$VEHIZEN_KEY_HEADER" =~ ^[A-Za-z0-9-]+$ ]] || die "VEHIZEN_KEY_HEADER is not a header name"
[[ "$FLEET_SERVER_NAME" =~ ^[A-Za-z0-9.*-]+( [A-Za-z0-9.*-]+)*$ ]] || die "FLEET_SERVER_NAME is not a list of host names"
first_name="${FLEET_SERVER_NAME%% *}"
public_origin="${FLEET_PUBLIC_ORIGIN:-https://$first_name}"
[[ "$public_origin" =~ ^https://([A-Za-z0-9.-]+)(:[0-9]+)?$ ]] || die "FLEET_PUBLIC_ORIGIN must be https://host[:port] (got ${public_origin@Q}): the console is served over TLS only"
# Plain HTTP redirects to this origin's port (":8443", or nothing for 443).
https_port_suffix="${BASH_REMATCH[2]}"
[[ "$https_port_suffix" == :443 ]] && https_port_suffix=""
tile_origin="${FLEET_TILE_ORIGIN:-https://tile.openstreetmap.org}"
[[ "$tile_origin" =~ ^https://[A-Za-z0-9.*-]+(:[0-9]+)?$ ]] || die "FLEET_TILE_ORIGIN must be an https origin (scheme://host[:port])"
rate="${FLEET_RATE:-10r/s}"
[[ "$rate" =~ ^[0-9]+r/[sm]$ ]] || die "FLEET_RATE must look like 10r/s"
burst="${FLEET_BURST:-40}"
[[ "$burst" =~ ^[0-9]+$ ]] || die "FLEET_BURST must be a number"
login_rate="${FLEET_LOGIN_RATE:-5r/m}"
[[ "$login_rate" =~ ^[0-9]+r/[sm]$ ]] || die "FLEET_LOGIN_RATE must look like 5r/m"
login_burst="${FLEET_LOGIN_BURST:-3}"
portal_rate="${FLEET_PORTAL_RATE:-10r/m}"
[[ "$portal_rate" =~ ^[0-9]+r/[sm]$ ]] || die "FLEET_PORTAL_RATE must look like 10r/m"
portal_burst="${FLEET_PORTAL_BURST:-10}"
[[ "$portal_burst" =~ ^[0-9]+$ ]] || die "FLEET_PORTAL_BURST must be a number"
[[ "$login_burst" =~ ^[0-9]+$ ]] || die "FLEET_LOGIN_BURST must be a number"
geocoder_rate="${FLEET_GEOCODER_RATE:-40r/s}"
[[ "$geocoder_rate" =~ ^[0-9]+r/[sm]$ ]] || die "FLEET_GEOCODER_RATE must look like 40r/s"
geocoder_burst="${FLEET_GEOCODER_BURST:-20}"
[[ "$geocoder_burst" =~ ^[0-9]+$ ]] || die "FLEET_GEOCODER_BURST must be a number"
geocoder_search="${GEOCODER_SEARCH_PATH:-search}"
geocoder_reverse="${GEOCODER_REVERSE_PATH:-reverse}"
for p in "$geocoder_search" "$geocoder_reverse"; do
  [[ "$p" =~ ^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$ && "$p" != *..* ]] || die "GEOCODER_*_PATH must be a relative path (got ${p@Q})"
done
listen_shape='^([0-9]{1,5}|[0-9.]+:[0-9]{1,5}|\[[0-9A-Fa-f:]+\]:[0-9]{1,5}|unix:/[A-Za-z0-9._/-]+)$'
listen="${FLEET_LISTEN:-443}"
[[ "$listen" =~ $listen_shape ]] || die "FLEET_LISTEN must be a port, address:port or unix:/path (got ${listen@Q})"
http_listen="${FLEET_HTTP_LISTEN:-80}"
[[ "$http_listen" == off || "$http_listen" =~ $listen_shape ]] || die "FLEET_HTTP_LISTEN must be a port, address:port, unix:/path or off (got ${http_listen@Q})"

# --- TLS ------------------------------------------------------------------
# The edge speaks HTTPS only (plain HTTP answers a redirect). Its own
# certificate must name every FLEET_SERVER_NAME and the portal's host.
for v in FLEET_TLS_CERT FLEET_TLS_KEY; do
  need "$v"
  safe_path "$v" "${!v}"
  [[ -r "${!v}" ]] || die "$v ${!v} is not readable"
done
grep -q -- '-----BEGIN CERTIFICATE-----' "$FLEET_TLS_CERT" || die "FLEET_TLS_CERT $FLEET_TLS_CERT holds no PEM certificate"
grep -q -- '-----BEGIN .*PRIVATE KEY-----' "$FLEET_TLS_KEY" || die "FLEET_TLS_KEY $FLEET_TLS_KEY holds no PEM private key"
[[ $(( 8#$(stat -c %a "$FLEET_TLS_KEY") & 8#004 )) -eq 0 ]] || die "FLEET_TLS_KEY $FLEET_TLS_KEY is readable by everyone: chmod 600 (or 640 for nginx's group)"
# Plain http:// only where nothing crosses a network: loopback. What this
# machine connects to (vendors, the directory, a forward-auth service) must
# be localhost, 127.x.x.x or [::1]: the resolver may send "*.localhost"
# anywhere. Names a browser resolves (the console, the portal) may also be
# *.localhost, which browsers keep on loopback (RFC 6761).
loopback_host() { [[ "$1" =~ ^(localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\])$ ]]; }
https_unless_loopback() { # NAME URL [browser]
  [[ "$2" =~ ^(https?|ldaps?|ldap\+tls)://(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+) ]] || die "$1 is not a URL (got ${2@Q})"
  local scheme=${BASH_REMATCH[1]} host=${BASH_REMATCH[2]}
  [[ $scheme == https || $scheme == ldaps || $scheme == "ldap+tls" ]] || loopback_host "$host" \
    || { [[ "${3:-}" == browser && "$host" =~ ^[A-Za-z0-9.-]+\.localhost$ ]]; } \
    || die "$1 must use TLS (https://, ldaps:// or ldap+tls://): plain ${scheme}:// is for loopback only (localhost, 127.0.0.1, [::1]), got ${2@Q}"
}
for v in VEHIZEN_URL EMABLER_URL OCEAN_URL; do https_unless_loopback "$v" "${!v}"; done
https_unless_loopback GEOCODER_URL "${GEOCODER_URL:-https://data.geopf.fr/geocodage/}"
# Behind a load balancer: its addresses, whose X-Forwarded-For names the
# real client (rate limits and the audit log then see that client).
realip_conf=""
for cidr in ${FLEET_TRUSTED_PROXIES:-}; do
  [[ "$cidr" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}(/[0-9]{1,2})?$|^[0-9A-Fa-f:]+(/[0-9]{1,3})?$ ]] \
    || die "FLEET_TRUSTED_PROXIES must be addresses or CIDR ranges separated by spaces (got ${cidr@Q})"
  realip_conf+="    set_real_ip_from $cidr;
"
done
if [[ -n "$realip_conf" ]]; then
  realip_conf+="    real_ip_header X-Forwarded-For;
    real_ip_recursive on;"
fi
ca_file="${FLEET_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}"
safe_path FLEET_CA_FILE "$ca_file"
mime_types="${FLEET_MIME_TYPES:-/etc/nginx/mime.types}"
safe_path FLEET_MIME_TYPES "$mime_types"
[[ -f "$mime_types" ]] || die "FLEET_MIME_TYPES $mime_types not found"
error_log="${FLEET_ERROR_LOG:-$runtime/error.log}"
access_log="${FLEET_ACCESS_LOG:-$runtime/access.log}"
audit_log="${FLEET_AUDIT_LOG:-$runtime/audit.log}"
for v in error_log access_log audit_log; do safe_path "FLEET_${v^^}" "${!v}"; done
brotli_module="${FLEET_BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so}"
# njs reads a group write's body (group-write.js): Debian's libnginx-mod-http-js.
njs_module="${FLEET_NJS_MODULE:-/usr/lib/nginx/modules/ngx_http_js_module.so}"
safe_path FLEET_NJS_MODULE "$njs_module"
[[ -f "$njs_module" ]] || die "FLEET_NJS_MODULE $njs_module not found: apt-get install libnginx-mod-http-js"
[[ "$brotli_module" == off ]] || safe_path FLEET_BROTLI_MODULE "$brotli_module"

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
parse_url geocoder "${GEOCODER_URL:-https://data.geopf.fr/geocodage/}"

# Per vendor: Host and TLS name, and its own credential (the client's
# headers do not pass: vendor-proxy.conf allow-lists them).
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
      # The user's own Ocean token is the one client header a vendor gets
      # (vendor-proxy.conf forwards only allow-listed headers).
      [[ $name == ocean ]] && echo 'proxy_set_header X-AUTH-TOKEN $http_x_auth_token;'
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
for v in vehizen emabler ocean geocoder; do write_upstream "$v"; done

user_line=""
if [[ -n "${FLEET_USER:-}" ]]; then
  [[ "$FLEET_USER" =~ ^[a-z_][a-z0-9_-]*$ ]] || die "FLEET_USER is not a user name"
  user_line="user $FLEET_USER;"
fi

brotli_load="" brotli_conf="" brotli_level=""
if [[ "$brotli_module" != off && -f "$brotli_module" ]]; then
  brotli_load="load_module $brotli_module;"
  brotli_level="brotli_comp_level 0;"
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

# --- Sign-in -------------------------------------------------------------
auth="${FLEET_AUTH:-llng}"
fastcgi_params="${FLEET_FASTCGI_PARAMS:-/etc/nginx/fastcgi_params}"
safe_path FLEET_FASTCGI_PARAMS "$fastcgi_params"
portal_server="" sign_out_url=""
header_var() { # Auth-User → $upstream_http_auth_user
  [[ "$2" =~ ^[A-Za-z0-9-]+$ ]] || die "$1 is not a header name"
  local h="${2,,}"
  echo "\$upstream_http_${h//-/_}"
}
url_shape='^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/?=&%:-]*)?$'
case "$auth" in
  llng)
    for v in LLNG_PORTAL_URL LLNG_COOKIE_DOMAIN LLNG_AUTH_BACKEND; do need "$v"; done
    [[ "$LLNG_PORTAL_URL" =~ ^(https?)://([A-Za-z0-9.-]+)(:[0-9]+)?/$ ]] \
      || die "LLNG_PORTAL_URL must be http(s)://host[:port]/ (got ${LLNG_PORTAL_URL@Q})"
    portal_scheme=${BASH_REMATCH[1]} portal_host=${BASH_REMATCH[2]}
    https_unless_loopback LLNG_PORTAL_URL "$LLNG_PORTAL_URL" browser
    [[ "$LLNG_COOKIE_DOMAIN" =~ ^[A-Za-z0-9.-]+$ ]] || die "LLNG_COOKIE_DOMAIN is not a domain name"
    for name in $FLEET_SERVER_NAME $portal_host; do
      [[ "$name" == "$LLNG_COOKIE_DOMAIN" || "$name" == *".$LLNG_COOKIE_DOMAIN" ]] \
        || die "$name is outside LLNG_COOKIE_DOMAIN $LLNG_COOKIE_DOMAIN: the session cookie would not reach it"
    done
    [[ "$LLNG_AUTH_BACKEND" =~ ^(Demo|LDAP|AD)$ ]] || die "LLNG_AUTH_BACKEND must be Demo, LDAP or AD (others: LLNG_CONF_OVERLAY)"
    editor_rule="${LLNG_EDITOR_RULE:-inGroup(\"fleet-editors\")}"
    viewer_rule="${LLNG_VIEWER_RULE:-inGroup(\"fleet-viewers\")}"
    # A rule is a Perl expression: comparisons, regex matches and calls like
    # inGroup("x") pass; statements, blocks and backticks do not.
    rule_chars='^[][A-Za-z0-9_ "$().,=!<>&|@~/\\^*+?:-]+$'
    for v in editor_rule viewer_rule; do
      [[ "${!v}" =~ $rule_chars && "${!v}" != *\'* ]] || die "LLNG_${v^^} has characters outside a plain LL::NG rule (no ; { } \` or ')"
    done
    # The Demo directory's passwords are its logins: an evaluation on this
    # machine only, never on an address others reach.
    if [[ "$LLNG_AUTH_BACKEND" == Demo && ! "$listen" =~ ^(127\.[0-9.]+:[0-9]+|\[::1\]:[0-9]+|unix:/.*)$ ]]; then
      die "LLNG_AUTH_BACKEND=Demo (password = login) is for a local evaluation: FLEET_LISTEN must be a loopback address (127.0.0.1:PORT), not ${listen@Q}"
    fi
    timeout="${LLNG_SESSION_TIMEOUT:-28800}"
    [[ "$timeout" =~ ^[0-9]+$ && "$timeout" -ge 60 ]] || die "LLNG_SESSION_TIMEOUT must be seconds (at least 60)"
    inactivity="${LLNG_INACTIVITY_TIMEOUT:-1800}"
    [[ "$inactivity" =~ ^[0-9]+$ && "$inactivity" -ge 5 && "$inactivity" -lt "$timeout" ]] \
      || die "LLNG_INACTIVITY_TIMEOUT must be seconds, at least 5 and below LLNG_SESSION_TIMEOUT ($timeout)"
    same_site="${LLNG_SAMESITE:-Lax}"
    [[ "$same_site" =~ ^(Lax|Strict)$ ]] || die "LLNG_SAMESITE must be Lax or Strict"
    max_failed="${LLNG_BRUTE_FORCE_MAX_FAILED:-3}"
    [[ "$max_failed" =~ ^[0-9]+$ && "$max_failed" -ge 1 && "$max_failed" -le 20 ]] || die "LLNG_BRUTE_FORCE_MAX_FAILED must be 1 to 20"
    lock_times="${LLNG_BRUTE_FORCE_LOCK_TIMES:-15, 30, 60, 300, 600}"
    [[ "$lock_times" =~ ^[0-9]+(,\ ?[0-9]+)*$ ]] || die "LLNG_BRUTE_FORCE_LOCK_TIMES must be seconds separated by commas (got ${lock_times@Q})"
    sessions="${LLNG_SESSIONS:-file}"
    case "$sessions" in
      file) ;;
      redis)
        need LLNG_REDIS_SERVER; [[ "$LLNG_REDIS_SERVER" =~ ^[A-Za-z0-9.-]+:[0-9]+$ ]] || die "LLNG_REDIS_SERVER must be host:port"
        [[ -z "${LLNG_REDIS_USER:-}" || "$LLNG_REDIS_USER" =~ ^[A-Za-z0-9_.-]+$ ]] || die "LLNG_REDIS_USER is not a Redis user name"
        optional_file LLNG_REDIS_PASSWORD_FILE
        [[ -z "${LLNG_REDIS_USER:-}" || -n "${LLNG_REDIS_PASSWORD_FILE:-}" ]] || die "LLNG_REDIS_USER needs LLNG_REDIS_PASSWORD_FILE" ;;
      postgresql)
        need LLNG_PG_DSN; need LLNG_PG_USER
        [[ "$LLNG_PG_DSN" =~ ^dbi:Pg:[A-Za-z0-9=.\;_-]+$ ]] || die "LLNG_PG_DSN must look like dbi:Pg:dbname=llng;host=db"
        [[ "$LLNG_PG_USER" =~ ^[A-Za-z0-9_]+$ ]] || die "LLNG_PG_USER is not a user name"
        optional_file LLNG_PG_PASSWORD_FILE ;;
      *) die "LLNG_SESSIONS must be file, redis or postgresql" ;;
    esac
    if [[ "$LLNG_AUTH_BACKEND" != Demo ]]; then
      need LLNG_LDAP_SERVER; need LLNG_LDAP_BASE
      [[ "$LLNG_LDAP_SERVER" =~ ^(ldaps?|ldap\+tls)://[A-Za-z0-9.-]+(:[0-9]+)?( (ldaps?|ldap\+tls)://[A-Za-z0-9.-]+(:[0-9]+)?)*$ ]] || die "LLNG_LDAP_SERVER must be ldap(s)://host[:port] or ldap+tls://host[:port] [...]"
      for server in $LLNG_LDAP_SERVER; do https_unless_loopback LLNG_LDAP_SERVER "$server"; done
      for v in LLNG_LDAP_BASE LLNG_LDAP_BIND_DN LLNG_LDAP_GROUP_BASE; do
        [[ -z "${!v:-}" || "${!v}" =~ ^[A-Za-z0-9=,.\ _-]+$ ]] || die "$v is not a plain DN"
      done
      optional_file LLNG_LDAP_BIND_PASSWORD_FILE
      optional_file LLNG_LDAP_CA_FILE
    fi
    optional_file LLNG_CONF_OVERLAY
    base_conf="${LLNG_BASE_CONF:-/var/lib/lemonldap-ng/conf/lmConf-1.json}"
    safe_path LLNG_BASE_CONF "$base_conf"
    [[ -r "$base_conf" ]] || die "LLNG_BASE_CONF $base_conf not found: apt-get install lemonldap-ng"
    state="${LLNG_STATE_DIR:-$out/llng-state}"
    safe_path LLNG_STATE_DIR "$state"
    # The handler runs as LLNG_USER: its socket lives in a directory it owns.
    socket="${LLNG_SOCKET:-$state/llng-fastcgi.sock}"
    safe_path LLNG_SOCKET "$socket"
    llng_user="${LLNG_USER:-www-data}"
    [[ "$llng_user" =~ ^[a-z_][a-z0-9_-]*$ ]] || die "LLNG_USER is not a user name"

    mkdir -p "$out/llng-conf" "$state/sessions/lock" "$state/psessions/lock" "$state/cache"
    # A new rendering replaces the cached one (same cfgNum): restart the handler after rendering.
    rm -rf "$state/cache/lemonldap-ng-config"
    cat >"$out/lemonldap-ng.ini" <<INI
; Rendered by deploy/nginx/render.sh. Start the handler and portal with
;   LLNG_DEFAULTCONFFILE=$out/lemonldap-ng.ini llng-fastcgi-server -u $llng_user -g $llng_user -s $socket -p $state/llng.pid -n 4
[all]
logLevel = warn
checkTime = 1
[configuration]
type = File
dirName = $out/llng-conf
localStorage = Cache::FileCache
localStorageOptions = { 'namespace' => 'lemonldap-ng-config', 'default_expires_in' => 600, 'directory_umask' => 077, 'cache_root' => '$state/cache', 'cache_depth' => 3, }
[portal]
staticPrefix = /static
templateDir = /usr/share/lemonldap-ng/portal/templates
languages = en, fr
[handler]
status = 0
useRedirectOnError = 1
INI
    ( umask 077
      R_BASE="$base_conf" R_PORTAL="$LLNG_PORTAL_URL" R_SECURE=$([[ $portal_scheme == https ]] && echo 1 || echo 0) \
      R_DOMAIN="$LLNG_COOKIE_DOMAIN" R_HOSTS="$FLEET_SERVER_NAME" R_PORTAL_HOST="$portal_host" R_EDITOR="$editor_rule" R_VIEWER="$viewer_rule" \
      R_TIMEOUT="$timeout" R_INACTIVITY="$inactivity" R_SAMESITE="$same_site" R_MAX_FAILED="$max_failed" R_LOCK_TIMES="$lock_times" R_BACKEND="$LLNG_AUTH_BACKEND" R_SESSIONS="$sessions" R_STATE="$state" \
      R_REDIS="${LLNG_REDIS_SERVER:-}" R_REDIS_USER="${LLNG_REDIS_USER:-}" R_REDIS_PASSWORD_FILE="${LLNG_REDIS_PASSWORD_FILE:-}" R_PG_DSN="${LLNG_PG_DSN:-}" R_PG_USER="${LLNG_PG_USER:-}" R_PG_PASSWORD_FILE="${LLNG_PG_PASSWORD_FILE:-}" \
      R_LDAP_SERVER="${LLNG_LDAP_SERVER:-}" R_LDAP_BASE="${LLNG_LDAP_BASE:-}" R_LDAP_BIND_DN="${LLNG_LDAP_BIND_DN:-}" \
      R_LDAP_BIND_PASSWORD_FILE="${LLNG_LDAP_BIND_PASSWORD_FILE:-}" R_LDAP_GROUP_BASE="${LLNG_LDAP_GROUP_BASE:-}" \
      R_LDAP_CA_FILE="${LLNG_LDAP_CA_FILE:-}" \
      R_OVERLAY="${LLNG_CONF_OVERLAY:-}" \
      perl "$here/lemonldap-conf.pl" >"$out/llng-conf/lmConf-1.json" ) || die "rendering the LemonLDAP::NG configuration failed"
    if [[ $(id -u) -eq 0 ]]; then
      # The handler's state (sessions, caches, its socket) is its own; its
      # configuration is root's, readable by the handler's group only.
      chown -R "$llng_user:$llng_user" "$state"
      chown -R "root:$llng_user" "$out/llng-conf" "$out/lemonldap-ng.ini"
      chmod 750 "$out/llng-conf"
      chmod 640 "$out/llng-conf/lmConf-1.json" "$out/lemonldap-ng.ini"
    fi

    auth_conf="auth_request /_fleet_auth;
auth_request_set \$fleet_auth_status \$upstream_status;
auth_request_set \$fleet_user \$upstream_http_auth_user;
auth_request_set \$fleet_name \$upstream_http_auth_name;
auth_request_set \$fleet_role \$upstream_http_auth_role;
# LL::NG's handler names the portal URL (with the page to come back to).
auth_request_set \$fleet_sign_in_url \$upstream_http_location;
location = /_fleet_auth {
    internal;
    auth_request off;
    include $fastcgi_params;
    fastcgi_pass unix:$socket;
    fastcgi_pass_request_body off;
    fastcgi_param CONTENT_LENGTH \"\";
    fastcgi_param HTTP_HOST \$host;
    # The path nginx routes on (decoded, normalised), captured at the
    # server level before any location rewrites it to a vendor path: rules
    # match what nginx acts on, never the raw bytes the client sent.
    fastcgi_param X_ORIGINAL_URI \$fleet_routed_uri;
}"
    sign_out_url="${LLNG_PORTAL_URL}?logout=1"
    if [[ "${LLNG_SERVE_PORTAL:-1}" == 1 ]]; then
      portal_server="    # The sign-in portal (LemonLDAP::NG) on its own host name, same listener.
    server {
        listen $listen ssl http2;
        server_name $portal_host;
        root /usr/share/lemonldap-ng/portal/htdocs/;
        add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;
        add_header X-Content-Type-Options \"nosniff\" always;
        add_header Referrer-Policy \"strict-origin-when-cross-origin\" always;
        if (\$fleet_absolute_form) {
            return 400;
        }
        if (\$uri !~ ^/((static|javascript|favicon).*|.*\\.psgi)) {
            rewrite ^/(.*)\$ /index.psgi/\$1 break;
        }
        location ~ ^(?<sc>/.*\\.psgi)(?:\$|/) {
            include $fastcgi_params;
            fastcgi_pass unix:$socket;
            fastcgi_param HTTP_HOST \$host;
            fastcgi_param LLTYPE psgi;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_split_path_info ^(.*\\.psgi)(/.*)\$;
            fastcgi_param PATH_INFO \$fastcgi_path_info;
            # Password guesses per client address (LL::NG locks the account
            # itself after LLNG_BRUTE_FORCE_MAX_FAILED failures).
            limit_req zone=portal_posts burst=$portal_burst nodelay;
            # The portal's administration APIs are not for browsers.
            location ~ ^/index\\.psgi/(adminSessions|proxy|sessions|config|notification) {
                deny all;
            }
        }
        location /static/ {
            alias /usr/share/lemonldap-ng/portal/htdocs/static/;
        }
        location /javascript/ {
            alias /usr/share/javascript/;
        }
    }
"
    fi
    ;;
  forward)
    for v in FLEET_AUTH_URL FLEET_SIGN_IN_URL FLEET_SIGN_OUT_URL; do
      need "$v"
      [[ "${!v}" =~ $url_shape ]] || die "$v must be an http(s) URL without quotes or \"\$\""
      https_unless_loopback "$v" "${!v}" "$([[ $v == FLEET_AUTH_URL ]] || echo browser)"
    done
    user_h=$(header_var FLEET_AUTH_USER_HEADER "${FLEET_AUTH_USER_HEADER:-Auth-User}")
    name_h=$(header_var FLEET_AUTH_NAME_HEADER "${FLEET_AUTH_NAME_HEADER:-Auth-Name}")
    role_h=$(header_var FLEET_AUTH_ROLE_HEADER "${FLEET_AUTH_ROLE_HEADER:-Auth-Role}")
    auth_conf="auth_request /_fleet_auth;
auth_request_set \$fleet_auth_status \$upstream_status;
auth_request_set \$fleet_user $user_h;
auth_request_set \$fleet_name $name_h;
auth_request_set \$fleet_role $role_h;
set \$fleet_sign_in_url \"$FLEET_SIGN_IN_URL\";
location = /_fleet_auth {
    internal;
    auth_request off;
    proxy_pass $FLEET_AUTH_URL;
    proxy_pass_request_body off;
    proxy_set_header Content-Length \"\";
    proxy_set_header Host \$host;
    # The path nginx routes on (decoded, normalised, before any rewrite).
    proxy_set_header X-Original-URI \$fleet_routed_uri;
    proxy_set_header X-Original-Method \$request_method;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header X-Forwarded-Host \$host;
}"
    sign_out_url="$FLEET_SIGN_OUT_URL"
    ;;
  *) die "FLEET_AUTH must be llng or forward" ;;
esac
printf '# Rendered by render.sh: every request asks the sign-in handler first.\n%s\n' "$auth_conf" >"$out/auth.conf"

# Plain HTTP: the console's and the portal's names are sent to https (no
# HSTS here: browsers ignore it over http); any other name gets 421.
http_servers=""
if [[ "$http_listen" != off ]]; then
  http_servers="    # Plain HTTP only ever redirects to HTTPS.
    server {
        listen $http_listen default_server;
        server_name _;
        return 421;
    }
    server {
        listen $http_listen;
        server_name $FLEET_SERVER_NAME ${portal_host:-};
        location / {
            return 301 https://\$host$https_port_suffix\$request_uri;
        }
    }
"
fi
# Writes pass with Sec-Fetch-Site: same-origin, or without it (plain http,
# older browsers) with the console's own Origin.
origin_map="        \"|$public_origin\" 0;"

render() {
  local text
  text="$(<"$1")"
  local -A values=(
    [OUT_DIR]="$out" [RUNTIME_DIR]="$runtime" [DIST]="$dist" [LISTEN]="$listen"
    [SERVER_NAME]="$FLEET_SERVER_NAME" [TILE_ORIGIN]="$tile_origin" [RATE]="$rate" [BURST]="$burst"
    [MIME_TYPES]="$mime_types" [ERROR_LOG]="$error_log" [ACCESS_LOG]="$access_log" [AUDIT_LOG]="$audit_log"
    [LOGIN_RATE]="$login_rate" [LOGIN_BURST]="$login_burst" [PORTAL_RATE]="$portal_rate" [ORIGIN_MAP]="$origin_map"
    [PORTAL_SERVER]="$portal_server" [SIGN_OUT_URL]="$sign_out_url"
    [NJS_MODULE]="$njs_module" [REALIP]="$realip_conf" [HTTP_SERVERS]="$http_servers" [TLS_CERT]="$FLEET_TLS_CERT" [TLS_KEY]="$FLEET_TLS_KEY"
    [USER_LINE]="$user_line" [BROTLI_LOAD]="$brotli_load" [BROTLI_CONF]="$brotli_conf" [BROTLI_LEVEL]="$brotli_level"
    [VEHIZEN_HOSTPORT]="${hostport[vehizen]}" [VEHIZEN_SCHEME]="${scheme[vehizen]}" [VEHIZEN_PATH]="${path[vehizen]}"
    [EMABLER_HOSTPORT]="${hostport[emabler]}" [EMABLER_SCHEME]="${scheme[emabler]}" [EMABLER_PATH]="${path[emabler]}"
    [OCEAN_HOSTPORT]="${hostport[ocean]}" [OCEAN_SCHEME]="${scheme[ocean]}" [OCEAN_PATH]="${path[ocean]}"
    [GEOCODER_HOSTPORT]="${hostport[geocoder]}" [GEOCODER_SCHEME]="${scheme[geocoder]}" [GEOCODER_PATH]="${path[geocoder]}"
    [GEOCODER_SEARCH]="$geocoder_search" [GEOCODER_REVERSE]="$geocoder_reverse"
    [GEOCODER_RATE]="$geocoder_rate" [GEOCODER_BURST]="$geocoder_burst"
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
# Mozilla's intermediate TLS settings, with this edge's certificate.
render "$here/tls.conf.template" "$out/tls.conf"
cp "$here/static-methods.conf" "$out/static-methods.conf"
cp "$here/group-write.js" "$out/group-write.js"
mkdir -p "$out/public"
render "$here/public/no-access.html.template" "$out/public/no-access.html"
cp "$here/public/no-access.css" "$out/public/no-access.css"
# nginx's workers and the handler pass through these directories (711: no
# listing); the no-access page is public.
chmod 711 "$out" "$runtime"
chmod 755 "$out/public"
chmod 644 "$out"/public/*
echo "rendered $out/nginx.conf (serving $dist as $FLEET_SERVER_NAME on $listen, sign-in: $auth)"
