#!/usr/bin/env bash
# Runs the production stack on this machine's loopback, for a local
# evaluation: the vendor simulator, LemonLDAP::NG (Demo directory) and nginx
# with the configuration deploy/nginx/render.sh writes, serving a release
# build (made first if dist/ is missing). Open the printed URL in a browser
# on this machine: *.localhost names need no /etc/hosts entry.
#
#   scripts/edge.sh            # FLEET_EDGE_PORT=8443 (https), FLEET_EDGE_HTTP_PORT=8090
#                              # (redirects to https) and SIM_PORT=8788 by default
#
# HTTPS with a throw-away local CA made at each start (scripts/tls-ca.sh):
# import the printed ca.crt into the browser (or accept the warning once).
#
# Ctrl-C stops everything it started and removes the rendered files (they
# live in a temporary directory, never in the working tree).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
bash scripts/setup.sh --browser >/dev/null
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

port="${FLEET_EDGE_PORT:-8443}"
http_port="${FLEET_EDGE_HTTP_PORT:-8090}"
sim_port="${SIM_PORT:-8788}"
work="$(mktemp -d -t fleet-edge.XXXXXX)"
chmod 755 "$work" # LL::NG runs as www-data and reads its configuration here
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo "edge.sh: stopping" >&2
  # nginx's master stops its workers on TERM; LL::NG's manager its own.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only a release build of this commit (render.sh refuses anything else).
head=$(git rev-parse HEAD)
if ! grep -q "\"profile\":\"release\",\"commit\":\"$head\"" dist/build-info.json 2>/dev/null; then
  echo "==> trunk build --release (dist/ is not a release build of $head)"
  trunk build --release --config Trunk.toml --dist dist
  deploy/nginx/precompress.sh dist/ >/dev/null
fi

cargo build --quiet -p fleet-sim
./target/debug/fleet-sim --port "$sim_port" >"$work/sim.log" 2>&1 &
pids+=($!)

# The simulator's demo keys stand in for real ones, read from files.
umask 077
printf 'demo-vehizen-key\n' >"$work/vehizen.key"
printf 'demo-emabler-key\n' >"$work/emabler.key"
# A certificate for the console's and the portal's names, from a CA that
# lives as long as this run.
bash scripts/tls-ca.sh "$work/tls" console.localhost auth.console.localhost >/dev/null
as_root=false
[[ $(id -u) -eq 0 ]] && as_root=true
user_env=()
$as_root && user_env=(FLEET_USER=root) # workers must read the build in this tree
VEHIZEN_URL="http://127.0.0.1:$sim_port/vehizen/" VEHIZEN_KEY_HEADER=X-Vehizen-Key VEHIZEN_KEY_FILE="$work/vehizen.key" \
EMABLER_URL="http://127.0.0.1:$sim_port/emabler/api/v2/cpo/" EMABLER_KEY_FILE="$work/emabler.key" \
OCEAN_URL="http://127.0.0.1:$sim_port/ocean/restapi/" \
GEOCODER_URL="http://127.0.0.1:$sim_port/geocoder/" \
FLEET_DIST="$root/dist" FLEET_ALLOW_DIRTY_BUILD=1 FLEET_SERVER_NAME=console.localhost FLEET_OUT="$work/edge" \
FLEET_LISTEN="127.0.0.1:$port" FLEET_HTTP_LISTEN="127.0.0.1:$http_port" FLEET_PUBLIC_ORIGIN="https://console.localhost:$port" \
FLEET_TLS_CERT="$work/tls/server.crt" FLEET_TLS_KEY="$work/tls/server.key" \
LLNG_PORTAL_URL="https://auth.console.localhost:$port/" LLNG_COOKIE_DOMAIN=console.localhost \
LLNG_AUTH_BACKEND=Demo LLNG_EDITOR_RULE='inGroup("timelords")' LLNG_VIEWER_RULE='inGroup("earthlings")' LLNG_SESSIONS=file \
env "${user_env[@]}" bash deploy/nginx/render.sh >/dev/null

llng_user=()
$as_root && llng_user=(-u www-data -g www-data)
LLNG_DEFAULTCONFFILE="$work/edge/lemonldap-ng.ini" llng-fastcgi-server --foreground "${llng_user[@]}" \
  -s "$work/edge/llng-state/llng-fastcgi.sock" -p "$work/edge/llng-state/llng.pid" -n 2 >"$work/llng.log" 2>&1 &
pids+=($!)
nginx -e "$work/edge/run/error.log" -c "$work/edge/nginx.conf" -g 'daemon off;' &
pids+=($!)

for _ in $(seq 1 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/tls/ca.crt" \
    --resolve "console.localhost:$port:127.0.0.1" "https://console.localhost:$port/auth/me" || true)
  [[ "$code" == 401 ]] && break
  sleep 0.2
done
[[ "$code" == 401 ]] || { echo "edge.sh: the edge did not come up (logs in $work)" >&2; exit 1; }

cat <<EOF

Console: https://console.localhost:$port/
  The certificate is from a CA made for this run: $work/tls/ca.crt
  (import it into the browser to trust it; it is removed when this stops).
  http://console.localhost:$http_port/ redirects there.
  Sign in on the portal (https://auth.console.localhost:$port/) as one of LemonLDAP::NG's demo users
  (the password is the login):
    dwho     Doctor Who   editor  (may create and update groups)
    rtyler   Rose Tyler   viewer
    msmith   Mickey Smith viewer
  Ocean's demo login on the map page: demo / demo.
  Group writes are logged in $work/edge/run/audit.log.
  Stop with Ctrl-C.

EOF
wait -n "${pids[@]}" || true
echo "edge.sh: a process stopped unexpectedly (logs in $work); stopping the rest" >&2
exit 1
