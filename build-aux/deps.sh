# build-aux/deps.sh — sourced by build-aux/run and build-aux/test.
# Installs, with apt, whatever Debian 12 packages are missing. Nothing else.

VERSUS_BUILD_PACKAGES=(
  gcc pkg-config meson ninja-build
  libglib2.0-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
  libgtk-4-dev libadwaita-1-dev
  gettext                    # translations (po/): xgettext, msgfmt
  # gnome.post_install() needs these at configure time (data/meson.build)
  desktop-file-utils shared-mime-info gtk-update-icon-cache
)

# What the default comparison runs as local processes: the bundled FastAPI template's Python
# packages, and Node.js with npm for the Express one where the machine has none of its own.
# build-aux/run and build-aux/test both install these (the runner and CLI suites run them).
VERSUS_RUNTIME_PACKAGES=(python3-fastapi python3-uvicorn uvicorn curl)
command -v node >/dev/null 2>&1 || VERSUS_RUNTIME_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || VERSUS_RUNTIME_PACKAGES+=(npm)

VERSUS_TEST_PACKAGES=(
  # every Python template runs in the parity test (data/templates/*/template.json)
  python3-uvloop python3-httptools python3-flask python3-gunicorn python3-django
  python3-aiohttp python3-numpy
  clang libclang-rt-14-dev   # libFuzzer and the sanitizer runtimes
  python3                    # test summary; /usr/bin/python3 is Debian's
  xvfb xauth dbus            # the GUI tests run on the real widgets under Xvfb
  imagemagick                # screenshots of the whole screen (import)
  xdotool                    # GUI tests that click and type as a person does
  fonts-dejavu-core          # text in the GUI tests and their screenshots
  locales                    # the de_DE sources localedef compiles for the German UI test
  gdb                        # the stacks of a command that hung in the fresh-machine check
  strace                     # the chaos suite holds a session save open to signal it there
  iproute2                   # ss: the chaos suite finds the server on a port
  # desktop integration and packaging checks (data/, flatpak/, tests/check-*)
  appstream libxml2-utils python3-gi
  flatpak flatpak-builder
)

versus_missing_packages () {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  echo "${missing[@]}"
}

versus_install_packages () {
  local missing
  missing=$(versus_missing_packages "$@")
  [ -z "$missing" ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "build-aux: these Debian packages are missing and I am not root: $missing" >&2
      return 1
    fi
  fi

  echo "build-aux: installing $missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be stale or absent on a fresh machine
  "${sudo[@]}" apt-get update -qq >&2 || true
  # shellcheck disable=SC2086
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >&2
}
