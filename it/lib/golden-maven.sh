# Sourced helpers for scripts that run the plugin of this checkout through a real Maven,
# the way a user runs it, but against the ITs' isolated repository (never ~/.m2):
# the demo (it/demo/demo.sh) and the benchmarks (it/bench/). Needs GOLDEN_ROOT unset or
# set to the repository root.
: "${GOLDEN_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
GOLDEN_REPO="$GOLDEN_ROOT/it/target/local-repo"
GOLDEN_SETTINGS="$GOLDEN_ROOT/it/target/it-settings.xml"
GOLDEN_VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$GOLDEN_ROOT/pom.xml" | head -1)
GOLDEN_PLUGIN="com.meatscentral.golden:golden-maven-plugin:$GOLDEN_VERSION"

# golden_ensure_plugin: builds the plugin (into it/target/local-repo, through the it module's
# invoker install) when it is missing or older than its sources. Quiet unless it builds.
golden_ensure_plugin() {
  local jar="$GOLDEN_REPO/com/meatscentral/golden/golden-maven-plugin/$GOLDEN_VERSION/golden-maven-plugin-$GOLDEN_VERSION.jar"
  if [ ! -f "$jar" ] || [ ! -f "$GOLDEN_SETTINGS" ] \
     || [ -n "$(cd "$GOLDEN_ROOT" && find golden-maven-plugin/src golden-maven-plugin/pom.xml golden-parent config -newer "$jar" -print -quit)" ]; then
    echo "==> building the plugin (into it/target/local-repo)" >&2
    (cd "$GOLDEN_ROOT" && ./mvnw -B -ntp -q -DskipTests package) >&2
  fi
}

# golden_classpath: the plugin's classes and compile dependencies, plus its test classes where
# the test kit lives (the GitHub stand-in's main; not in the plugin jar), for the stand-ins' mains.
golden_classpath() {
  local cpf="$GOLDEN_ROOT/golden-maven-plugin/target/demo.classpath"
  if [ ! -f "$cpf" ] || [ "$cpf" -ot "$GOLDEN_ROOT/golden-maven-plugin/pom.xml" ]; then
    (cd "$GOLDEN_ROOT" && ./mvnw -B -ntp -q dependency:build-classpath -pl golden-maven-plugin \
      -Dmdep.includeScope=compile -Dmdep.outputFile="$cpf") >&2
  fi
  printf '%s:%s:%s' "$GOLDEN_ROOT/golden-maven-plugin/target/classes" "$GOLDEN_ROOT/golden-maven-plugin/target/test-classes" "$(cat "$cpf")"
}

# golden_mvn GOAL [ARGS...]: `mvn golden:GOAL ARGS`, spelled out (the ITs' repository lacks
# the lifecycle plugins prefix resolution looks at), with the ITs' settings: everything Maven
# resolves is already in that repository (it-settings.xml). Not `-o`: the goals that reach
# GitHub, a registry or a droplet refuse Maven's offline mode. Runs in the current directory.
# GOLDEN_MVN_PLUGIN (groupId:artifactId:version) with GOLDEN_MVN_REPO (its local repository) runs
# another build of the plugin instead (the pipeline benchmark's pre-cutover side).
golden_mvn() {
  local goal=$1; shift
  "$GOLDEN_ROOT/mvnw" -B -ntp -s "$GOLDEN_SETTINGS" ${GOLDEN_MVN_REPO:+-Dmaven.repo.local="$GOLDEN_MVN_REPO"} \
    "${GOLDEN_MVN_PLUGIN:-$GOLDEN_PLUGIN}:$goal" "$@"
}
