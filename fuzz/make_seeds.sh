#!/bin/sh
# Writes the seed corpora of every fuzz target under OUT/<target>/, from the
# project's fixtures (read in place, not copied into fuzz/) and the small
# hand-written seeds in fuzz/seeds/.
#
#   fuzz/make_seeds.sh /tmp/fuzz-seeds
#
# fuzz_vendor_pages    every fixture body: fixtures/*/*.json, malformed/*, errors/*
# fuzz_error_bodies    fixtures/*/errors/* and the HTML pages, as "<status>\n<headers>\n\n<body>"
#                      (the status from the file name: 422-validation.json is a 422)
# fuzz_canonical_json  every line of fixtures/*/expected/*.jsonl
# fuzz_values          fuzz/seeds/values/*
# fuzz_query           fuzz/seeds/query/*
# fuzz_config          fuzz/seeds/config/*
# fuzz_redaction       fuzz/seeds/redaction/*
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../fixtures" && pwd)
out=${1:?usage: make_seeds.sh OUT_DIR}

for target in vendor_pages error_bodies canonical_json values query config redaction; do
  mkdir -p "$out/fuzz_$target"
done

# Vendor bodies, valid and not.
for f in "$fixtures"/*/*.json "$fixtures"/*/malformed/* "$fixtures"/*/errors/*; do
  [ -f "$f" ] || continue
  vendor=$(basename "$(dirname "$f")")
  [ "$vendor" = malformed ] || [ "$vendor" = errors ] && vendor=$(basename "$(dirname "$(dirname "$f")")")-$vendor
  cp "$f" "$out/fuzz_vendor_pages/$vendor-$(basename "$f")"
done

# Error responses: status line, headers, blank line, body.
emit_error() {  # name status headers body_file
  { printf '%s\n' "$2"; [ -n "$3" ] && printf '%s\n' "$3"; printf '\n'; cat "$4"; } > "$out/fuzz_error_bodies/$1"
}
for f in "$fixtures"/*/errors/*; do
  [ -f "$f" ] || continue
  vendor=$(basename "$(dirname "$(dirname "$f")")")
  name=$(basename "$f")
  status=${name%%-*}
  emit_error "$vendor-$name" "$status" "" "$f"
  case $status in
    429)
      emit_error "$vendor-retry-after-$name" 429 "Retry-After: 30" "$f"
      emit_error "$vendor-http-date-$name" 429 "$(printf 'Retry-After: Sun, 06 Nov 1994 08:49:37 GMT\nX-RateLimit-Reset: 1754317800\nX-RateLimit-Remaining: 0')" "$f"
      ;;
  esac
done
for f in "$fixtures"/*/malformed/*.html; do
  [ -f "$f" ] || continue
  vendor=$(basename "$(dirname "$(dirname "$f")")")
  emit_error "$vendor-302-$(basename "$f")" 302 "Location: https://app.autocalls.ai/login" "$f"
  emit_error "$vendor-200-$(basename "$f")" 200 "Content-Type: text/html" "$f"
done

# Canonical records, one per file.
for f in "$fixtures"/*/expected/*.jsonl; do
  [ -f "$f" ] || continue
  vendor=$(basename "$(dirname "$(dirname "$f")")")
  base=$(basename "$f" .jsonl)
  n=0
  while IFS= read -r line || [ -n "$line" ]; do
    [ -n "$line" ] || continue
    n=$((n + 1))
    printf '%s' "$line" > "$out/fuzz_canonical_json/$vendor-$base-$n.json"
  done < "$f"
done

# Hand-written seeds.
for target in values query config redaction; do
  cp "$here"/seeds/$target/* "$out/fuzz_$target/"
done

for target in vendor_pages error_bodies canonical_json values query config redaction; do
  printf '%-22s %4d seeds\n' "fuzz_$target" "$(ls "$out/fuzz_$target" | wc -l)"
done
