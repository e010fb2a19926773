# Sourced by build-aux/run, build-aux/test and .ci/run. Packdesk's baseline is Debian 13: a host
# that has it (or PD_NATIVE=1) builds natively; an older host builds and runs in the Debian 13
# build root (build-aux/build-root, build-aux/in-root).

# True when this host (or the root we are in) provides the baseline's libraries.
pd_host_has_baseline () {
  if [ -n "${PD_IN_ROOT:-}" ] || [ -n "${PD_NATIVE:-}" ]; then
    return 0
  fi
  [ -r /etc/os-release ] || return 1
  # shellcheck disable=SC1091
  . /etc/os-release
  [ "${ID:-}" = debian ] || return 1
  # Debian testing and unstable carry no VERSION_ID; they are newer than 13.
  [ -z "${VERSION_ID:-}" ] || [ "${VERSION_ID%%.*}" -ge 13 ]
}

# Runs the calling script ("$0" "$@") again inside the build root when the host is older;
# returns when it may go on where it is.
pd_enter_baseline () {
  if pd_host_has_baseline; then
    return 0
  fi
  build-aux/build-root > /dev/null
  exec build-aux/in-root "$@"
}

# meson setup BUILD ARGS..., made anew when BUILD was configured on another platform (a build
# tree from the host is no use inside the root and the other way round).
pd_setup_build () {
  build=$1
  shift
  platform="native"
  if [ -n "${PD_IN_ROOT:-}" ]; then
    platform="debian-13-root $(cat /.packdesk-stamp 2>/dev/null)"
  fi
  if [ -f "$build/build.ninja" ] && [ "$(cat "$build/.pd-platform" 2>/dev/null)" = "$platform" ]; then
    meson setup --reconfigure "$build" "$@" > /dev/null
  else
    rm -rf "$build"
    meson setup "$build" "$@"
  fi
  echo "$platform" > "$build/.pd-platform"
}
