#!/usr/bin/env bash
# Builds executor-e2e/host-userland:latest, a container in which systemd boots, for SystemdBootIT: no registry
# is reachable here, so instead of a debootstrapped Debian it is this host's own userland. The image holds a
# copy of /etc and the merged-/usr symlinks; /usr itself is bind-mounted read-only at run time (java, git and
# systemd come from there). Host services are not started inside: the wants links are dropped, containerd is
# masked and dockerd replaced (the executor inside uses the host's Docker socket). Idempotent unless FORCE=1.
set -euo pipefail

IMAGE="${SYSTEMD_IMAGE:-executor-e2e/host-userland:latest}"
DOCKER="${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}"

if [ "${FORCE:-0}" != "1" ] && "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "image $IMAGE already present"
  exit 0
fi
for tool in /lib/systemd/systemd /usr/bin/java /usr/bin/git; do
  [ -x "$tool" ] || { echo "$tool missing on this host (install systemd, a JDK 17 and git)" >&2; exit 1; }
done

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
ln -s usr/bin "$root/bin"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
ln -s usr/sbin "$root/sbin"
mkdir -p "$root"/usr "$root"/var/lib "$root"/var/log "$root"/var/tmp "$root"/var/cache "$root"/run "$root"/tmp \
  "$root"/opt "$root"/root "$root"/proc "$root"/sys "$root"/dev "$root"/srv "$root"/home
ln -s ../run "$root/var/run"
cp -a /etc "$root/etc"
for wants in multi-user timers getty sysinit; do
  rm -rf "$root/etc/systemd/system/$wants.target.wants"
done
ln -sf /dev/null "$root/etc/systemd/system/containerd.service"
# docker.socket (which the executor's unit requires) refuses to start for a masked service, so dockerd is
# replaced by a stand-in that socket activation would start if anything connected to /run/docker.sock.
cat > "$root/etc/systemd/system/docker.service" <<'UNIT'
[Unit]
Description=Stand-in for dockerd: the executor here uses the host's engine through /run/host-docker.sock
[Service]
ExecStart=/bin/false
UNIT
: > "$root/etc/machine-id"

tar -C "$root" -c . | "$DOCKER" import - "$IMAGE" >/dev/null
echo "built $IMAGE"
