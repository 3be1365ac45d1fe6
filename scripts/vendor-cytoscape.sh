#!/usr/bin/env bash
# Vendors cytoscape.js, the graph library that `mkg report` inlines into its HTML so
# that the page opens without a network. Run from the repository root; commit the
# result. The version is pinned here and in the vendored VERSION file.
set -euo pipefail
version=3.35.0
target=crates/migration-kg/vendor/cytoscape
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack --silent "cytoscape@$version" >/dev/null && tar xzf cytoscape-*.tgz)
mkdir -p "$target"
cp "$scratch/package/dist/cytoscape.min.js" "$target/cytoscape.min.js"
cp "$scratch/package/LICENSE" "$target/LICENSE"
echo "cytoscape $version from the npm registry (npm pack cytoscape@$version), dist/cytoscape.min.js" > "$target/VERSION"
