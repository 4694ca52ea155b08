#!/usr/bin/env bash
# Builds the SPA into web/dist: the WebAssembly (cargo, profile wasm-release), its JavaScript glue
# (wasm-bindgen), wasm-opt -Oz (npm's binaryen), content-hashed file names, index.html from
# web/index.html, and a gzip and a brotli copy of every text and wasm file, made here once so the
# server need not compress them per request. satu-api serves web/dist (SATU_WEB_DIR).
#
# Usage: web/build.sh   (from anywhere; the Makefile's `make web` runs it)
set -euo pipefail
web=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$web")
target=${CARGO_TARGET_DIR:-$root/target}
out=$web/dist
# Nothing to do when web/dist is newer than everything it is made from.
if [ -f "$out/index.html" ] && [ -z "$(find "$web/src" "$web/index.html" "$web/style.css" \
    "$web/Cargo.toml" "$web/build.sh" "$root/shared/src" "$root/shared/Cargo.toml" "$root/Cargo.lock" \
    -newer "$out/index.html" -print -quit)" ]; then
  echo "web/dist is up to date"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet -p satu-web --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --no-typescript --out-dir "$work/bindgen" --out-name satu-web \
  "$target/wasm32-unknown-unknown/wasm-release/satu-web.wasm"
# The features current Rust emits for wasm32-unknown-unknown; wasm-opt must know them all.
"$web/tools/node_modules/.bin/wasm-opt" -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$work/bindgen/satu-web_bg.wasm" -o "$work/opt.wasm"

# name-<16 hex of the content's SHA-256>.ext
hashed() { echo "$2-$(sha256sum "$1" | cut -c1-16).$3"; }

mkdir -p "$work/dist"
wasm=$(hashed "$work/opt.wasm" satu-web wasm)
cp "$work/opt.wasm" "$work/dist/$wasm"
# The glue's default wasm path is never used: boot.js names the hashed file.
js=$(hashed "$work/bindgen/satu-web.js" satu-web js)
cp "$work/bindgen/satu-web.js" "$work/dist/$js"
if [ -d "$work/bindgen/snippets" ]; then cp -r "$work/bindgen/snippets" "$work/dist/"; fi
css=$(hashed "$web/style.css" style css)
cp "$web/style.css" "$work/dist/$css"
# A script file, not an inline one, so the Content-Security-Policy needs no hash for it.
printf 'import init from "/%s";\ninit({ module_or_path: "/%s" });\n' "$js" "$wasm" > "$work/boot.js"
boot=$(hashed "$work/boot.js" boot js)
mv "$work/boot.js" "$work/dist/$boot"

head_tags="  <link rel=\"stylesheet\" href=\"/$css\">\n"
head_tags+="  <link rel=\"modulepreload\" href=\"/$js\">\n"
head_tags+="  <link rel=\"preload\" href=\"/$wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n"
head_tags+="  <script type=\"module\" src=\"/$boot\"></script>"
# web/index.html marks where the assets go with <!-- satu-assets -->.
grep -q '<!-- satu-assets -->' "$web/index.html" || { echo "web/index.html lacks <!-- satu-assets -->" >&2; exit 1; }
sed "s#  <!-- satu-assets -->#$head_tags#" "$web/index.html" > "$work/dist/index.html"

for f in "$work/dist"/*.{js,wasm,css,html}; do
  gzip -9 -n -k "$f"
  brotli -q 11 -k "$f"
done

rm -rf "$out.old"
if [ -d "$out" ]; then mv "$out" "$out.old"; fi
mv "$work/dist" "$out"
rm -rf "$out.old"
raw=$(stat -c %s "$out/$wasm")
gz=$(stat -c %s "$out/$wasm.gz")
br=$(stat -c %s "$out/$wasm.br")
echo "web/dist: $wasm $((raw / 1024)) KB (gzip $((gz / 1024)) KB, brotli $((br / 1024)) KB)"
