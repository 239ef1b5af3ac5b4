# Sourced by the eng/ scripts that need Debian packages: apt_install_missing PACKAGE... installs
# those of the packages that are not installed yet (apt-get update first), as root or through sudo.

apt_install_missing() {
  local sudo_cmd=() missing=() package
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  echo "Installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
}
