#!/usr/bin/env bash
# Regenerates word-classes.txt from the Brill lexicon that ships inside the
# textblob wheel on PyPI (see the header of word-classes.txt).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pip download --quiet --no-deps --dest "$tmp" textblob==0.20.1
unzip -q -o "$tmp"/textblob-0.20.1-*.whl 'textblob/en/en-lexicon.txt' -d "$tmp"
{
  sed -n '/^# English word classes/,/^# Regenerate/p' "$here/word-classes.txt"
  grep -v '^;;;' "$tmp/textblob/en/en-lexicon.txt" \
    | awk '$1 ~ /^[a-z][a-z-]*$/ && $2 ~ /^(VB|VBZ|VBD|VBN|VBG|VBP|JJ|JJR|JJS|RB|RBR|RBS|IN|MD)$/ {print $1" "$2}' \
    | LC_ALL=C sort -u -k1,1
} > "$tmp/out.txt"
mv "$tmp/out.txt" "$here/word-classes.txt"
