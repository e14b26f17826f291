/**
 * Live transcription in the server: {@link hotline.server.asr.LiveTranscription} follows answered calls (a
 * {@link hotline.server.call.CallObserver}), forks their audio over AMI to the RTP receiver, feeds the recogniser and
 * publishes transcripts; {@link hotline.server.asr.AsrRoutes} serves them to the agent desktop (WebSocket) and the
 * API; {@link hotline.server.asr.TranscriptStore} keeps the finals with the call.
 */
package hotline.server.asr;
