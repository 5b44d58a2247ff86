# Sourced by the launchers: sets JAVA_HOME to a JDK 25 or later and puts it first on PATH.
# Order: an existing JAVA_HOME that is 25+, then /usr/lib/jvm/*25* (Temurin first), then any
# /usr/lib/jvm entry whose java reports 25 or later. Fails with a clear message otherwise.
dtlsj_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
dtlsj_find_jdk() {
  local c major
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(dtlsj_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      printf '%s\n' "$c"; return 0
    fi
  done
  return 1
}
if ! DTLSJ_JDK=$(dtlsj_find_jdk); then
  echo "dtlsj: no JDK 25 found (looked at JAVA_HOME and /usr/lib/jvm). Install a JDK 25, e.g. Temurin 25, or set JAVA_HOME to one." >&2
  exit 1
fi
export JAVA_HOME="$DTLSJ_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
