#!/usr/bin/env bash
# Installs the Debian TFTP tools the serve/tftp tests use (tftp-hpa, atftp, curl, tftpd-hpa); idempotent.
set -euo pipefail
if command -v tftp >/dev/null && command -v atftp >/dev/null && command -v curl >/dev/null &&
  command -v in.tftpd >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq tftp-hpa atftp curl tftpd-hpa >/dev/null
# The package may start a system tftpd on port 69; the tests run their own on free ports, so stop it.
if command -v service >/dev/null; then service tftpd-hpa stop >/dev/null 2>&1 || true; fi
