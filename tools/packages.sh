# Sourced by the set-up scripts: the Debian packages of tools/debian-packages.txt.
#   packages GROUP...          the packages of the groups, one per line
#   install_packages GROUP...  apt-get install those not installed yet (root)

packages() {
  local list
  list="$(dirname "${BASH_SOURCE[0]}")/debian-packages.txt"
  awk -v groups=" $* " '
    /^[ \t]*(#|$)/ { next }
    { group = $1; sub(/:$/, "", group) }
    index(groups, " " group " ") { for (i = 2; i <= NF; i++) print $i }
  ' "$list" | awk '!seen[$0]++'
}

install_packages() {
  local p missing=() sudo=()
  for p in $(packages "$@"); do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed ||
      missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if ((EUID != 0)); then
    command -v sudo >/dev/null || {
      echo "missing Debian packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})" >&2
      return 2
    }
    sudo=(sudo)
  fi
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have stale package lists: update only if needed.
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    { "${sudo[@]}" apt-get update -q >&2 &&
      "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
}
