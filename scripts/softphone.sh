#!/usr/bin/env bash
# A headless baresip softphone registered as one seat of the contact center (runs in the foreground).
#   scripts/softphone.sh SEAT DIR [options]
#     --registrar HOST:PORT   the pbx SIP address (default 127.0.0.1:5060)
#     --password PW           SIP password (default agent<SEAT>, the lab's throwaway scheme)
#     --sip-port N            local SIP port (default 5080; baresip also takes N+1 for TLS)
#     --ctrl-port N           ctrl_tcp port (default 4444)
#     --audio FILE.wav        what the "agent" says (default: silence); 8 kHz mono
#     --answer auto|manual    auto-answer (default) or just ring
#     --seconds N             quit after N seconds (default 86400)
#     --max-call N            longest call in seconds (default 1200): baresip hangs up when the audio source ends
# Records both directions to DIR/rec/dump-*-{enc,dec}.wav (baresip sndfile module): dec = what the seat heard.
set -euo pipefail
seat="${1:?usage: softphone.sh SEAT DIR [options]}"; dir="${2:?usage: softphone.sh SEAT DIR [options]}"; shift 2
registrar=127.0.0.1:5060; password="agent$seat"; sport=5080; cport=4444; audio=""; answer=auto; secs=86400; maxcall=1200
while [ $# -gt 0 ]; do
  case "$1" in
    --registrar) registrar="$2"; shift 2 ;;
    --password) password="$2"; shift 2 ;;
    --sip-port) sport="$2"; shift 2 ;;
    --ctrl-port) cport="$2"; shift 2 ;;
    --audio) audio="$2"; shift 2 ;;
    --answer) answer="$2"; shift 2 ;;
    --seconds) secs="$2"; shift 2 ;;
    --max-call) maxcall="$2"; shift 2 ;;
    *) echo "softphone.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$dir/rec"; dir="$(cd "$dir" && pwd)"
# baresip (menu module) hangs up a call when its aufile source ends: pad the agent's audio with silence so that
# a call can last --max-call seconds. Silence is shared by all seats of one run directory.
if [ -n "$audio" ]; then
  source="$dir/source.wav"
  sox "$audio" -r 8000 -c 1 -b 16 "$source" pad 0 "$maxcall"
else
  source="$(dirname "$dir")/silence-$maxcall.wav"
  [ -f "$source" ] || { sox -n -r 8000 -c 1 -b 16 "$source.$$.wav" trim 0 "$maxcall" && mv -f "$source.$$.wav" "$source"; }
fi
# HOTLINE_LAB_PORT_OFFSET (test labs of several checkouts on one machine) moves the range too
rtp_base=$((30000 + ${HOTLINE_LAB_PORT_OFFSET:-0} * 10 + (seat % 1000) * 10))
cat > "$dir/config" <<CFG
poll_method		epoll
sip_listen		127.0.0.1:$sport
call_local_timeout	120
call_max_calls		4
audio_player		aubridge,seat$seat
audio_source		aufile,$source
audio_alert		aubridge,seat$seat
ausrc_srate		8000
auplay_srate		8000
ausrc_channels		1
auplay_channels		1
rtp_ports		$rtp_base-$((rtp_base + 9))
net_interface		127.0.0.1
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module			aubridge.so
module			sndfile.so
snd_path		$dir/rec
module_app		account.so
module_app		menu.so
module_app		ctrl_tcp.so
ctrl_tcp_listen		127.0.0.1:$cport
CFG
echo "<sip:$seat@$registrar;transport=udp>;auth_pass=$password;answermode=$answer;regint=300;ptime=20;audio_codecs=PCMU" > "$dir/accounts"
: > "$dir/contacts"
exec baresip -4 -f "$dir" -t "$secs"
