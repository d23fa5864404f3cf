#!/usr/bin/env bash
# Checks what a user's project gets with spark-sql and tf-vae-spark in either order and no pins or
# exclusions: the Jackson and Guava on its classpath must be Spark's own. Run after `mvn install` at the
# repository root; SPARK (default 4.2.0) picks the Spark version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
spark="${SPARK:-4.2.0}"
version=$(sed -n "s:.*<revision>\(.*\)</revision>.*:\1:p" ../../pom.xml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
spark_dep="<dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId><version>$spark</version></dependency>"
tfvae_dep="<dependency><groupId>dev.tfvae</groupId><artifactId>tf-vae-spark</artifactId><version>$version</version></dependency>"
status=0
for order in spark-first tfvae-first; do
  if [ "$order" = spark-first ]; then deps="$spark_dep$tfvae_dep"; else deps="$tfvae_dep$spark_dep"; fi
  mkdir -p "$tmp/$order"
  cat > "$tmp/$order/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>check</groupId><artifactId>$order</artifactId><version>1</version>
<dependencies>$deps</dependencies></project>
POM
  tree=$(cd "$tmp/$order" && mvn -B -Dstyle.color=never dependency:list -DincludeScope=runtime 2>&1)
  jackson=$(grep -oE "com.fasterxml.jackson.core:jackson-databind:jar:[^:]+" <<<"$tree" | head -1)
  guava=$(grep -oE "com.google.guava:guava:jar:[^:]+" <<<"$tree" | head -1)
  reference=$(cd "$tmp" && mkdir -p ref && cd ref && printf '%s' "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion><groupId>check</groupId><artifactId>ref</artifactId><version>1</version><dependencies>$spark_dep</dependencies></project>" > pom.xml && mvn -B -Dstyle.color=never dependency:list -DincludeScope=runtime 2>&1)
  ref_jackson=$(grep -oE "com.fasterxml.jackson.core:jackson-databind:jar:[^:]+" <<<"$reference" | head -1)
  ref_guava=$(grep -oE "com.google.guava:guava:jar:[^:]+" <<<"$reference" | head -1)
  echo "$order (Spark $spark): $jackson, ${guava:-no guava}; Spark alone: $ref_jackson, ${ref_guava:-no guava}"
  if [ "$jackson" != "$ref_jackson" ] || [ "$guava" != "$ref_guava" ]; then
    echo "  MISMATCH: tf-vae-spark changes what Spark resolves"; status=1
  fi
done
exit $status
