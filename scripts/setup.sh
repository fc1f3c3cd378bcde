#!/usr/bin/env bash
# Installs what ecocap needs to build and test and is missing on a fresh
# Debian 12 machine: GDAL (library, headers, command-line tools),
# pkg-config, and fonts for the PNG maps: one with Chinese glyphs
# (fonts-wqy-microhei, ~4 MB) and DejaVu Sans as the Latin fallback.
# Does nothing when they are already there.
set -euo pipefail

need=()
pkg-config --exists gdal 2>/dev/null || need+=(libgdal-dev)
command -v gdal_translate >/dev/null 2>&1 || need+=(gdal-bin)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# Maps (ecocap-maps) look for this path first among the known CJK fonts;
# DejaVu is their Latin fallback (and its test's font).
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${need[*]} (GDAL for raster and vector I/O, a CJK font for maps)" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to install ${need[*]} with apt-get" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
pkg-config --modversion gdal >&2
