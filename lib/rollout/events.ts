// Which versions an event is about: S3 event notifications, delivered to the rollout function directly
// or through SQS (optionally via SNS). Pure: no I/O; anything that is not a version file is skipped.
//
// Shapes (AWS S3 user guide, "Event message structure", eventVersion 2.1; Lambda developer guide,
// "Using Lambda with Amazon SQS"; SNS "message and JSON formats"):
//   S3:  { "Records": [{ "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
//          "s3": { "bucket": { "name": "b" }, "object": { "key": "models/digits/3/saved_model.pb", "size": 9 } } }] }
//   SQS: { "Records": [{ "eventSource": "aws:sqs", "body": "<an S3 notification as JSON text>" }] }
//   SNS inside SQS: body = { "Type": "Notification", "Message": "<an S3 notification as JSON text>" }
// Keys are URL-encoded, spaces as '+': "a b+c" arrives as "a+b%2Bc".
// S3 (and moto) send { "Event": "s3:TestEvent", … } when a notification is configured: skipped.
import { isValidModelName, parseVersionDir } from '../registry/index.ts';

export interface VersionRef {
  model: string;
  /** The version directory as stored ("00000003"). */
  dirName: string;
}

/**
 * The distinct versions that ObjectCreated events name, in first-seen order. Keys must look like
 * `<prefix>/<model>/<versionDir>/<file…>`; the manifest, other prefixes, invalid names, folder
 * placeholders (keys ending in '/') and ObjectRemoved events are skipped.
 * @example
 * eventsToVersions(sqsEvent, 'models') // [{ model: 'digits', dirName: '3' }]
 */
export function eventsToVersions(event: unknown, prefix: string): VersionRef[] {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  const seen = new Map<string, VersionRef>();
  for (const key of objectKeys(event, 0)) {
    const ref = versionOfKey(key, base);
    if (ref && !seen.has(`${ref.model}/${ref.dirName}`)) seen.set(`${ref.model}/${ref.dirName}`, ref);
  }
  return [...seen.values()];
}

/** The decoded object key of a notification record's `s3.object.key` (AWS: URL-encoded, '+' for space). */
export function decodeS3Key(key: string): string | undefined {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return undefined; // malformed %-escape
  }
}

/** Every created object key in an S3, SQS or SNS-in-SQS event; `depth` stops envelopes nested without end. */
function objectKeys(event: unknown, depth: number): string[] {
  if (depth > 3 || !isRecord(event)) return [];
  if (event.Type === 'Notification' && typeof event.Message === 'string') return objectKeys(parseJson(event.Message), depth + 1);
  if (!Array.isArray(event.Records)) return [];
  const keys: string[] = [];
  for (const record of event.Records) {
    if (!isRecord(record)) continue;
    if (typeof record.body === 'string') {
      keys.push(...objectKeys(parseJson(record.body), depth + 1));
      continue;
    }
    if (typeof record.eventName === 'string' && !record.eventName.startsWith('ObjectCreated')) continue;
    const s3 = isRecord(record.s3) ? record.s3 : undefined;
    const object = s3 && isRecord(s3.object) ? s3.object : undefined;
    const key = typeof object?.key === 'string' ? decodeS3Key(object.key) : undefined;
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

function versionOfKey(key: string, base: string): VersionRef | undefined {
  if (base !== '' && !key.startsWith(`${base}/`)) return undefined;
  const parts = (base === '' ? key : key.slice(base.length + 1)).split('/');
  if (parts.length < 3 || parts[parts.length - 1] === '') return undefined;
  const [model, dirName] = parts;
  if (!isValidModelName(model) || parseVersionDir(dirName) === undefined) return undefined;
  return { model, dirName };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
