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
    "$web/Cargo.toml" "$web/build.sh" "$web/tools/package-lock.json" "$root/shared/src" "$root/shared/Cargo.toml" "$root/Cargo.lock" \
    -newer "$out/index.html" -print -quit)" ]; then
  echo "web/dist is up to date"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --emit-relocs lets wasm-split move the code of lazily loaded pages (`#[lazy_route]`) into
# modules of their own, fetched the first time such a page is opened.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} -Clink-args=--emit-relocs" \
  cargo build --quiet -p satu-web --target wasm32-unknown-unknown --profile wasm-release
wasm-split-cli --target web --out-name satu-web \
  "$target/wasm32-unknown-unknown/wasm-release/satu-web.wasm" "$work/split"
# The main module: its JavaScript glue, and the exports the split modules link against kept.
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$work/app" --out-name satu-web "$work/split/satu-web.wasm"
# The features current Rust emits for wasm32-unknown-unknown; wasm-opt must know them all. (It
# reads the split modules' name sections with a warning per module, and drops them: not shown.)
opt() {
  "$web/tools/node_modules/.bin/wasm-opt" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2" \
    2> >(grep -v 'unknown name subsection' >&2)
}
opt "$work/app/satu-web_bg.wasm" "$work/app/main.wasm"
rm "$work/app/satu-web_bg.wasm"
# The split modules (fetched by __wasm_split.js next to the glue, by these names).
cp "$work/split/__wasm_split.js" "$work/app/"
for f in "$work/split"/*.wasm; do
  [ "$(basename "$f")" = satu-web.wasm ] || opt "$f" "$work/app/$(basename "$f")"
done

# name-<16 hex of the content's SHA-256>.ext
hashed() { echo "$2-$(sha256sum "$1" | cut -c1-16).$3"; }

# The app's code goes into one folder named after the hash of all of it: its files name each
# other, so the folder as a whole is what never changes.
mkdir -p "$work/dist"
app=app-$( (cd "$work/app" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)
mv "$work/app" "$work/dist/$app"
css=$(hashed "$web/style.css" style css)
cp "$web/style.css" "$work/dist/$css"
# A script file, not an inline one, so the Content-Security-Policy needs no hash for it.
printf 'import init from "/%s/satu-web.js";\ninit({ module_or_path: "/%s/main.wasm" });\n' "$app" "$app" > "$work/boot.js"
boot=$(hashed "$work/boot.js" boot js)
mv "$work/boot.js" "$work/dist/$boot"

# pdf.js (the review screen draws a proposal's PDF with it), from npm's pdfjs-dist: its module, its
# worker, the standard fonts a PDF may name without embedding them, the image decoders of scans
# (JPEG 2000, JBIG2) and the colour profile of CMYK images, in a folder named after their hash.
# The page finds it through <meta name="satu-pdfjs">, and loads it the first time a PDF is shown.
pdfjs=$web/tools/node_modules/pdfjs-dist
mkdir -p "$work/pdfjs/wasm"
cp "$pdfjs/build/pdf.min.mjs" "$pdfjs/build/pdf.worker.min.mjs" "$work/pdfjs/"
cp -r "$pdfjs/standard_fonts" "$pdfjs/iccs" "$work/pdfjs/"
cp "$pdfjs"/wasm/{openjpeg.wasm,openjpeg_nowasm_fallback.js,jbig2.wasm,jbig2_nowasm_fallback.js,qcms_bg.wasm} \
  "$pdfjs"/wasm/LICENSE_* "$pdfjs/LICENSE" "$work/pdfjs/wasm/"
pdf=pdfjs-$( (cd "$work/pdfjs" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)
mv "$work/pdfjs" "$work/dist/$pdf"

head_tags="  <meta name=\"satu-pdfjs\" content=\"/$pdf/\">\n"
head_tags+="  <link rel=\"stylesheet\" href=\"/$css\">\n"
head_tags+="  <link rel=\"modulepreload\" href=\"/$app/satu-web.js\">\n"
head_tags+="  <link rel=\"preload\" href=\"/$app/main.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n"
head_tags+="  <script type=\"module\" src=\"/$boot\"></script>"
# web/index.html marks where the assets go with <!-- satu-assets -->.
grep -q '<!-- satu-assets -->' "$web/index.html" || { echo "web/index.html lacks <!-- satu-assets -->" >&2; exit 1; }
sed "s#  <!-- satu-assets -->#$head_tags#" "$web/index.html" > "$work/dist/index.html"

find "$work/dist" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' \) |
  while read -r f; do
    gzip -9 -n -k "$f"
    brotli -q 11 -k "$f"
  done

rm -rf "$out.old"
if [ -d "$out" ]; then mv "$out" "$out.old"; fi
mv "$work/dist" "$out"
rm -rf "$out.old"
# What a first visit downloads (the main module) and what the pages loaded later add.
size() { stat -c %s "$1"; }
main=$out/$app/main.wasm
echo "web/dist: $app/main.wasm $(($(size "$main") / 1024)) KB (gzip $(($(size "$main.gz") / 1024)) KB, brotli $(($(size "$main.br") / 1024)) KB)"
later=0; n=0
for f in "$out/$app"/*.wasm; do
  [ "$f" = "$main" ] && continue
  later=$((later + $(size "$f.gz"))); n=$((n + 1))
done
echo "web/dist: $n modules loaded with their pages, $((later / 1024)) KB gzip together"
