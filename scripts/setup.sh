#!/usr/bin/env bash
# Installs Xuntu's dependencies on a fresh machine, offline-safe.
#   bash scripts/setup.sh          install and build the app
#   bash scripts/setup.sh --test   also install the Debian packages the test suite drives
#                                  (Chromium, libvips-tools, exiftool, heif-enc, cjpeg, wallpaper photos)
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[[ "${1:-}" == "--test" ]] && with_tests=1

if [[ $with_tests == 1 ]]; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v vipsthumbnail >/dev/null || need+=(libvips-tools)
  command -v exiftool >/dev/null || need+=(libimage-exiftool-perl)
  command -v heif-enc >/dev/null || need+=(libheif-examples)
  command -v cjpeg >/dev/null || need+=(libjpeg-turbo-progs)
  [[ -d /usr/share/backgrounds/gnome ]] || need+=(gnome-backgrounds)
  [[ -d /usr/share/backgrounds/ukui ]] || need+=(ukui-wallpapers)
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
  if [[ ${#need[@]} -gt 0 ]]; then
    echo "Installing test packages: ${need[*]}"
    sudo_cmd=""; [[ $(id -u) != 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

# The Electron binary and onnxruntime's CUDA libraries are downloads from outside the npm registry; skip them
# during the install so it works offline (.npmrc skips the CUDA part; see README for GPUs), then try Electron's
# download on its own below, where a failure only means the desktop window is unavailable.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund

if [[ $with_tests == 0 && -z "${CI:-}" ]]; then
  if ! node node_modules/electron/install.js >/dev/null 2>&1; then
    echo "Note: the Electron runtime could not be downloaded (offline?). The CLI works; the desktop window needs it."
  fi
fi
