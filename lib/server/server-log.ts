// The server's log lines. Default: TensorFlow's own layout (tsl/platform/default/logging.cc), which TF Serving
// prints too: "2026-12-06 03:11:36.123456: I tf-serverless] message" (date, microseconds, one-letter severity
// I/W/E, then the source, here the component). --log_format=json: one JSON object per line. Every physical line
// carries the timestamp, the level and the fields (request_id): a stack's lines too, and whatever libraries print
// through console (routeConsoleToLog).
import { format } from 'node:util';
import type { LogLevel } from '../loader/index.ts';

export type LogFormat = 'glog' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['glog', 'json'];

export interface ServerLog {
  (message: string, level?: LogLevel, fields?: Record<string, unknown>): void;
}

const LETTER: Readonly<Record<LogLevel, string>> = { info: 'I', warning: 'W', error: 'E' };

/** One formatted line (no newline). `fields` (e.g. request_id) are appended as key=value, or merged in JSON. */
export function formatLogLine(format: LogFormat, level: LogLevel, message: string, now = new Date(), fields: Record<string, unknown> = {}): string {
  if (format === 'json') return JSON.stringify({ time: now.toISOString(), level, message, ...fields });
  const iso = now.toISOString(); // 2026-12-06T03:11:36.123Z; JS clocks give milliseconds, padded to TF's microseconds
  const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
  const extra = Object.entries(fields).map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('');
  const prefix = `${stamp}: ${LETTER[level]} tf-serverless] `;
  if (!message.includes('\n')) return `${prefix}${message}${extra}`;
  // glog would print a multi-line message's later lines bare; here each gets the prefix and fields (blank ones dropped).
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  return (lines.length ? lines : ['']).map((l) => `${prefix}${l}${extra}`).join('\n');
}

/**
 * Sends console.log/info/debug (info), console.warn (warning) and console.error (error) through `log`: what
 * libraries print (tfjs's warnings, the engine's notes) then has a timestamp and level like the server's lines.
 * `log` must not itself write through console. Returns the function that puts console back.
 */
export function routeConsoleToLog(log: ServerLog): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error };
  const to = (level: LogLevel) => (...args: unknown[]) => log(format(...args), level);
  console.log = console.info = console.debug = to('info');
  console.warn = to('warning');
  console.error = to('error');
  return () => Object.assign(console, saved);
}

/** A log function writing to stdout (info) and stderr (warning, error). */
export function createServerLog(format: LogFormat = 'glog', write: (line: string, level: LogLevel) => void = defaultWrite): ServerLog {
  return (message, level = 'info', fields) => write(formatLogLine(format, level, message, new Date(), fields), level);
}

function defaultWrite(line: string, level: LogLevel): void {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}
