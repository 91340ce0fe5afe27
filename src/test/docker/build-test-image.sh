#!/usr/bin/env bash
# Builds the local test image executor-test/busybox:latest from Debian's busybox-static: no registry is
# reachable here, so tests never pull. Idempotent: rebuilds only when the image is missing or
# FORCE=1. Uses the Docker API through /usr/bin/docker when present (Debian's client matches the engine).
set -euo pipefail

IMAGE="${TEST_IMAGE:-executor-test/busybox:latest}"
DOCKER="${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}"
BUSYBOX="${BUSYBOX:-/bin/busybox}"

if [ "${FORCE:-0}" != "1" ] && "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "test image $IMAGE already present"
  exit 0
fi
if [ ! -x "$BUSYBOX" ]; then
  echo "busybox not found at $BUSYBOX (install Debian's busybox-static)" >&2
  exit 1
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/usr/sbin "$root"/tmp "$root"/etc "$root"/root "$root"/data
chmod 1777 "$root"/tmp
cp "$BUSYBOX" "$root"/bin/busybox
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] && continue
  ln -sf /bin/busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$root"/etc/passwd
echo 'root:x:0:' > "$root"/etc/group
tar -C "$root" -c . | "$DOCKER" import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$IMAGE" >/dev/null
echo "built test image $IMAGE"
