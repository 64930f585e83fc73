#!/usr/bin/env bash
# Runs the console on the vendor simulator: http://127.0.0.1:8080/
# Installs what is missing, starts the simulator (stopped again on exit), then
# `trunk serve`, whose proxies inject the simulator's demo credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

cargo build --quiet -p fleet-sim
mkdir -p .sim-data
./target/debug/fleet-sim --port 8787 --data-file .sim-data/groups.json "$@" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT INT TERM

echo
echo "  Fleet console: http://127.0.0.1:8080/   (Ocean demo login: demo / demo)"
echo "  Stop with Ctrl-C."
echo
# A development build, kept out of dist/ (the edge serves release builds only).
trunk serve --config Trunk.toml --dist target/dev-dist
