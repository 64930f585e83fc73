#!/usr/bin/env bash
# Makes a throw-away local CA and one server certificate signed by it, for
# serving the edge over HTTPS on this machine's loopback (tests, local runs).
# Never for production: the CA's key sits beside its certificate.
#
#   scripts/tls-ca.sh OUT_DIR NAME...
#   scripts/tls-ca.sh /tmp/ca console.localhost auth.console.localhost 127.0.0.1
#
# Every NAME goes into the server certificate's subjectAltName: as IP:NAME
# when it is an IPv4 or IPv6 address, as DNS:NAME otherwise. The CA is
# name-constrained to those same names (and, for DNS names, their
# subdomains), so a leaked ca.key cannot vouch for anything else in a trust
# store it was imported into.
#
# Writes (files are replaced; OUT_DIR is made if missing, mode 700):
#   ca.crt       the CA (ECDSA P-256, 30 days, CA:TRUE pathlen:0, keyCertSign)
#   ca.key       its key (600)
#   server.crt   the leaf alone (no chain: the only other certificate is the
#                root, which a server should not send)
#   server.key   its key (ECDSA P-256, 600)
#   server.spki  base64 SHA-256 of the leaf's SubjectPublicKeyInfo: the value
#                Chromium's --ignore-certificate-errors-spki-list takes
# ECDSA P-256 is Mozilla's recommended certificate type for its
# "intermediate" profile. TLS_CA_KEY=rsa makes RSA 2048 keys instead (to
# try a server with an RSA certificate). Needs only openssl.
set -euo pipefail
umask 077

usage() {
  echo "usage: $0 OUT_DIR NAME..." >&2
  exit 2
}
(($# >= 2)) || usage
out="$1"
shift

days=30 # both certificates; well under the 398 days browsers accept for a leaf
case "${TLS_CA_KEY:-ec}" in
  ec) keyopts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256) leaf_ku="digitalSignature" ;;
  rsa) keyopts=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048) leaf_ku="digitalSignature, keyEncipherment" ;;
  *) echo "$0: TLS_CA_KEY must be ec or rsa" >&2 && exit 2 ;;
esac

is_ipv4() { [[ "$1" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]]; }
is_ipv6() { [[ "$1" == *:* && "$1" =~ ^[0-9A-Fa-f:.]+$ ]]; }
san=() constraints=() have_ip=false have_dns=false cn=""
for name in "$@"; do
  if is_ipv4 "$name"; then
    san+=("IP:$name") constraints+=("permitted;IP:$name/255.255.255.255") have_ip=true
  elif is_ipv6 "$name"; then
    san+=("IP:$name") constraints+=("permitted;IP:$name/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF") have_ip=true
  elif [[ "$name" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ && "$name" != *..* ]]; then
    san+=("DNS:$name") constraints+=("permitted;DNS:$name") have_dns=true
    [[ -n "$cn" ]] || cn="/CN=$name"
  else
    echo "$0: not a DNS name or IP address: $name" >&2
    exit 2
  fi
done
# A name type with no permitted subtree would be unconstrained: shut it.
# (openssl takes no empty DNS subtree; .invalid is reserved, RFC 6761.)
$have_ip || constraints+=("excluded;IP:0.0.0.0/0.0.0.0" "excluded;IP:::/0:0:0:0:0:0:0:0")
$have_dns || constraints+=("permitted;DNS:invalid")
join() {
  local IFS=,
  echo "$*"
}

mkdir -p "$out"
work="$(mktemp -d "$out/.tls-ca.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# openssl's chatter ("Certificate request self-signature ok") only on failure.
quiet() {
  "$@" 2>"$work/err" || {
    cat "$work/err" >&2
    exit 1
  }
}

cat >"$work/ca.ext" <<EOF
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
nameConstraints = critical, $(join "${constraints[@]}")
EOF
cat >"$work/server.ext" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, $leaf_ku
extendedKeyUsage = serverAuth
subjectAltName = $(join "${san[@]}")
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

quiet openssl genpkey "${keyopts[@]}" -out "$work/ca.key"
# A fresh subject each time: NSS mixes up different CAs of the same name.
ca_cn="fleet-console throw-away test CA $(openssl rand -hex 4)"
quiet openssl req -new -key "$work/ca.key" -subj "/O=fleet-console test/CN=$ca_cn" -out "$work/ca.csr"
quiet openssl x509 -req -in "$work/ca.csr" -signkey "$work/ca.key" -sha256 -days "$days" \
  -extfile "$work/ca.ext" -set_serial "0x$(openssl rand -hex 16)" -out "$work/ca.crt"

quiet openssl genpkey "${keyopts[@]}" -out "$work/server.key"
quiet openssl req -new -key "$work/server.key" -subj "/O=fleet-console test$cn" -out "$work/server.csr"
quiet openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -sha256 -days "$days" \
  -extfile "$work/server.ext" -set_serial "0x$(openssl rand -hex 16)" -out "$work/server.crt"
openssl verify -x509_strict -purpose sslserver -CAfile "$work/ca.crt" "$work/server.crt" >/dev/null

openssl x509 -in "$work/server.crt" -noout -pubkey | openssl pkey -pubin -outform DER |
  openssl dgst -sha256 -binary | openssl base64 -A >"$work/server.spki"
echo >>"$work/server.spki"

chmod 644 "$work/ca.crt" "$work/server.crt" "$work/server.spki"
chmod 600 "$work/ca.key" "$work/server.key"
for f in ca.crt ca.key server.crt server.key server.spki; do
  mv -f "$work/$f" "$out/$f"
done
