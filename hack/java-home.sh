#!/usr/bin/env bash
# Usage: hack/java-home.sh
#
# Prints the home of a JDK 25 or newer, which the build needs. Looks at $JAVA_HOME, the
# usual install locations, then the `java` on PATH. Exits 1 with install hints if none.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage

required=25

major_of() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

candidates=()
[[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
for dir in /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/java-2[5-9]* /usr/lib/jvm/jdk-2[5-9]* \
  /opt/java/openjdk "$HOME"/.sdkman/candidates/java/current; do
  [[ -d "$dir" ]] && candidates+=("$dir")
done
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi

for home in "${candidates[@]}"; do
  if [[ -x "$home/bin/java" && -x "$home/bin/javac" ]]; then
    major=$(major_of "$home" || echo 0)
    if [[ "${major:-0}" -ge "$required" ]]; then
      echo "$home"
      exit 0
    fi
  fi
done

cat >&2 <<MSG
error: no JDK $required or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt/java, SDKMAN and PATH).
Install one, for example:
  - Debian/Ubuntu with the Adoptium repository: apt-get install temurin-25-jdk
  - SDKMAN: sdk install java 25-tem
  - macOS: brew install --cask temurin@25
or point JAVA_HOME at an existing JDK $required.
MSG
exit 1
