/**
 * Not API: the per-stream strand on the worker pool ({@code VoskStream}) and the reader of Vosk's JSON results.
 */
package hotline.asr.vosk.internal;
