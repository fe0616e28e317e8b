#!/usr/bin/env bash
# Sets a machine up for k8s-lab: the Debian packages the lab and its tests drive
# (real etcdctl/etcd, openssl, curl; kubectl when missing) and the npm dependencies.
# Safe to run again: apt and npm skip what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(etcd-client etcd-server openssl curl ca-certificates
  containerd runc containernetworking-plugins iptables iproute2 util-linux skopeo
  busybox-static gcc libc6-dev docker.io
  qemu-system-x86 qemu-utils mmdebstrap e2fsprogs socat openssh-server
  chromium fonts-nanum)

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${DEBS[@]}"
  if ! command -v kubectl >/dev/null 2>&1; then
    $SUDO apt-get install -y -q kubectl || echo "setup: kubectl not installable from apt here; install kubectl v1.32 by hand" >&2
  fi
  # Debian's etcd-server package may start a system etcd on :2379; the lab serves its own facade there
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
    $SUDO systemctl disable --now etcd || true
  fi
else
  echo "setup: no apt-get; install ${DEBS[*]} and kubectl v1.32 with your package manager" >&2
fi

# The Electron binary cannot be downloaded on build machines; the app runs headless there.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
