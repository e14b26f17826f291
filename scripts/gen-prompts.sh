#!/usr/bin/env bash
# Generate the front-door menu's prompt audio from its texts.
#   scripts/gen-prompts.sh LIST.tsv OUT_DIR [RECORDED_DIR]
# LIST.tsv: one prompt a line, "name<TAB>language<TAB>text" (written by `hotline-server.jar prompts` or the test lab).
# Writes OUT_DIR/<language>/<name>.wav: 8 kHz mono 16-bit, telephone band, what Asterisk plays.
#   - RECORDED_DIR/<language>/<name>.wav, if present, replaces the generated audio (any WAV sox reads);
#   - Mandarin (zh) is spoken by espeak-ng's cmn voice, every other language by CMU Flite.
# Generated audio is cached by the hash of voice + text in ${HOTLINE_PROMPT_CACHE:-~/.cache/hotline/prompts}, so a
# rebuild only speaks the texts that changed. Idempotent; exits non-zero naming the prompt that failed.
set -euo pipefail
list="${1:?usage: gen-prompts.sh LIST.tsv OUT_DIR [RECORDED_DIR]}"
out="${2:?usage: gen-prompts.sh LIST.tsv OUT_DIR [RECORDED_DIR]}"
recorded="${3:-}"
cache="${HOTLINE_PROMPT_CACHE:-$HOME/.cache/hotline/prompts}"
mkdir -p "$out" "$cache"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
made=0; cached=0; rec=0
while IFS=$'\t' read -r name lang text; do
  [ -n "$name" ] || continue
  case "$name$lang" in *[!A-Za-z0-9_-]*) echo "gen-prompts: bad prompt name or language: '$name' '$lang'" >&2; exit 1 ;; esac
  mkdir -p "$out/$lang"
  dest="$out/$lang/$name.wav"
  if [ -n "$recorded" ] && [ -f "$recorded/$lang/$name.wav" ]; then
    sox "$recorded/$lang/$name.wav" -r 8000 -c 1 -b 16 "$dest" 2>/dev/null \
      || { echo "gen-prompts: cannot convert recorded prompt $recorded/$lang/$name.wav" >&2; exit 1; }
    rec=$((rec + 1)); continue
  fi
  if [ "$lang" = zh ]; then voice="espeak-ng:cmn"; else voice="flite"; fi
  key="$(printf '%s\n%s' "$voice" "$text" | sha1sum | cut -c1-40)"
  if [ ! -f "$cache/$key.wav" ]; then
    if [ "$lang" = zh ]; then
      espeak-ng -v cmn -s 150 -w "$tmp/raw.wav" -- "$text" 2>/dev/null \
        || { echo "gen-prompts: espeak-ng failed on $lang/$name" >&2; exit 1; }
    else
      flite -t "$text" -o "$tmp/raw.wav" || { echo "gen-prompts: flite failed on $lang/$name" >&2; exit 1; }
    fi
    sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 "$tmp/8k.wav" gain -n -6 sinc 300-3400 2>/dev/null \
      || { echo "gen-prompts: sox failed on $lang/$name" >&2; exit 1; }
    mv -f "$tmp/8k.wav" "$cache/$key.wav"
    made=$((made + 1))
  else
    cached=$((cached + 1))
  fi
  cp -f "$cache/$key.wav" "$dest"
done < "$list"
echo "gen-prompts: $made spoken, $cached from cache, $rec recorded -> $out" >&2
