#!/usr/bin/env bash
# The certificate the machine's offline services (images/stages/packages.sh) answer HTTPS with,
# for pypi.org, files.pythonhosted.org and Docker Hub's names, and the authority that signed it.
# The authority goes into the base tree, so the guest and every image derived from the debian
# image trust it once ca-certificates is installed (its postinst reads /usr/local/share/ca-certificates).
# Its key is thrown away: nothing else can ever be signed by it.
set -euo pipefail
work=$1
tls="$work/tls"
rm -rf "$tls"; mkdir -p "$tls"
# ECDSA P-256: a handshake costs a fraction of RSA's on the emulated CPU.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7300 \
  -subj "/CN=Docker Sandbox offline services authority" -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=Docker Sandbox offline services" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
names="DNS:pypi.org,DNS:files.pythonhosted.org,DNS:pypi.python.org,DNS:registry-1.docker.io,DNS:index.docker.io,DNS:docker.io,DNS:deb.debian.org,DNS:security.debian.org"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 7300 \
  -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$names") -out "$tls/server.crt" 2>/dev/null
cat "$tls/server.crt" "$tls/server.key" > "$tls/server.pem"
rm -f "$tls/ca.key" "$tls/ca.srl" "$tls/server.csr"
mkdir -p "$work/base/usr/local/share/ca-certificates"
cp "$tls/ca.crt" "$work/base/usr/local/share/ca-certificates/docker-sandbox.crt"
