#!/usr/bin/env bash
# Builds the api as it was at a commit of this repository and puts it into the local Maven repository as
# org.gost4j:gost4j-api:BASE_VERSION, for bnd baselining: the api users last got is built from git, never
# committed. BASE_VERSION names the commit, so a jar once built is reused and never stands for another commit.
#   baseline.sh REPO_ROOT COMMIT BASE_VERSION WORK_DIR MVN LOCAL_REPO
# Without that commit in the clone (a shallow clone) it says so and builds nothing; the baseline plugin then
# skips the check. Anything else that fails, fails the build.
set -euo pipefail
root=$1 commit=$2 version=$3 work=$4 mvn=$5 local_repo=$6

target=$local_repo/org/gost4j/gost4j-api/$version
[[ -f $target/gost4j-api-$version.jar ]] && exit 0
if ! git -C "$root" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "[baseline] commit $commit is not in this clone: the api is not baselined" >&2
    exit 0
fi
rm -rf "$work"
mkdir -p "$work"
git -C "$root" archive --format=tar "$commit" pom.xml bundles/pom.xml bundles/api | tar -x -C "$work"
# that commit's api builds on its own: its parents are in the archive, its plugins already in the local repository
"$mvn" -B -q -f "$work/bundles/api/pom.xml" -Dmaven.repo.local="$local_repo" -DskipTests -Dapi.baseline.skip=true package
jar=$(ls "$work"/bundles/api/target/gost4j-api-*.jar | head -1)
mkdir -p "$target"
cp "$jar" "$target/gost4j-api-$version.jar"
cat >"$target/gost4j-api-$version.pom" <<POM
<project><modelVersion>4.0.0</modelVersion><groupId>org.gost4j</groupId><artifactId>gost4j-api</artifactId><version>$version</version></project>
POM
