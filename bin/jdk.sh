# Sourced by Atelier's scripts: points JAVA_HOME at a JDK 21 or newer, or exits with one line saying
# what to install. Looks at $JAVA_HOME, then the java on PATH, then the usual install folders.

atelier_java_major() { # prints the major version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  echo "$v"
}

atelier_find_jdk() {
  local candidate best="" best_v=0 v
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    v=$(atelier_java_major "$candidate")
    [ -n "$v" ] || continue
    # The first suitable JDK wins (the user's JAVA_HOME, then PATH); otherwise the newest found.
    if [ "$v" -ge 21 ] && { [ -z "$best" ] || [ "$best_v" -lt 21 ]; }; then
      best="$candidate"; best_v="$v"
      break
    fi
  done
  if [ -z "$best" ]; then
    echo "atelier: needs a JDK 21 or newer (none found in JAVA_HOME, PATH or /usr/lib/jvm): install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

atelier_find_jdk || exit 1
