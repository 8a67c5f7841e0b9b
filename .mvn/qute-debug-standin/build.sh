#!/usr/bin/env bash
# Rebuilds the stand-in jar in ../repository (committed, since Maven needs it before any build).
set -euo pipefail
cd "$(dirname "$0")"
core=$(find ~/.m2/repository/io/quarkus/qute/qute-core/3.33.2 -name 'qute-core-3.33.2.jar' | head -1)
out=../repository/io/quarkus/qute/qute-debug/3.33.2
rm -rf classes && mkdir -p classes "$out"
javac --release 17 -cp "$core" -d classes src/io/quarkus/qute/debug/adapter/RegisterDebugServerAdapter.java
jar --create --file "$out/qute-debug-3.33.2.jar" -C classes .
rm -rf classes
