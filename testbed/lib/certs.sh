# shellcheck shell=bash
# Certificates and the kubeconfig of the testbed, made with openssl. Sourced by testbed/testbed.
# One CA signs the API server's serving certificate and an admin client certificate in
# system:masters that every component and every test uses: this is a test control plane on
# loopback, not a hardened cluster. RSA keys in PKCS#8, which Go and the Java client both read.

testbed_certs() {
  local d=$1
  openssl genrsa -out "$d/ca.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$d/ca.key" -subj "/CN=sextant-testbed-ca" -days 3650 -out "$d/ca.crt" 2>/dev/null
  issue_cert "$d" apiserver "/CN=kube-apiserver" \
    "subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature,keyEncipherment"
  issue_cert "$d" admin "/O=system:masters/CN=sextant-testbed-admin" \
    "extendedKeyUsage=clientAuth
keyUsage=critical,digitalSignature,keyEncipherment"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  chmod 600 "$d"/*.key
}

# issue_cert DIR NAME SUBJECT EXTENSIONS
issue_cert() {
  local d=$1 name=$2 subj=$3 ext=$4
  openssl genrsa -out "$d/$name.key" 2048 2>/dev/null
  openssl req -new -key "$d/$name.key" -subj "$subj" -out "$d/$name.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$d/$name.ext"
  openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -days 3650 -extfile "$d/$name.ext" -out "$d/$name.crt" 2>/dev/null
}

# testbed_kubeconfig DIR SERVER: a self-contained kubeconfig (certificates inline).
testbed_kubeconfig() {
  local d=$1 server=$2
  cat <<KC
apiVersion: v1
kind: Config
clusters:
- name: sextant-testbed
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 <"$d/ca.crt")
users:
- name: sextant-testbed-admin
  user:
    client-certificate-data: $(base64 -w0 <"$d/admin.crt")
    client-key-data: $(base64 -w0 <"$d/admin.key")
contexts:
- name: sextant-testbed
  context:
    cluster: sextant-testbed
    user: sextant-testbed-admin
current-context: sextant-testbed
KC
}
