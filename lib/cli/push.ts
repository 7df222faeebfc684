// `tf-serverless push`: upload a SavedModel version directory to a model store, then its commit marker
// LAST (lib/rollout commit-marker.ts), so the rollout trigger sees a complete version; `--publish` runs
// the rollout here too, for buckets without the trigger.
import { hostname, userInfo } from 'node:os';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { ServingError } from '../errors/index.ts';
import { checkModelName, checkVersionDirName, isValidModelName, parseVersionDir, readManifest, S3ModelStore, type ModelStore } from '../registry/index.ts';
import { COMMIT_MARKER_PATH, rolloutVersions, sameFiles, serializeCommitMarker } from '../rollout/index.ts';
import { readLocalVersion, type LocalFile } from './local-version.ts';
import { formatBytes, ProgressBar } from './progress-bar.ts';
import { withStore } from './registry-store.ts';
import { uploadFiles } from './version-upload.ts';

export const PUSH_USAGE = `Usage: tf-serverless push DIR DESTINATION [--publish] [--concurrency 8]

  DIR            a SavedModel version directory (saved_model.pb or .pbtxt, variables/, assets/, …)
  DESTINATION    s3://bucket/prefix/NAME/VERSION, or a local directory /path/prefix/NAME/VERSION
  --publish      then validate and publish the version from here (for buckets without the rollout trigger)
  --concurrency  files uploaded at once (S3: each as a multipart upload), 1-64; default 8
  S3 uses the AWS SDK's settings: AWS_REGION, AWS_ENDPOINT_URL_S3, the credentials chain (AWS_PROFILE, …).`;

interface Destination {
  storeUrl: string;
  model: string;
  dirName: string;
}

/** Runs the command; returns the text to print. Progress goes to stderr. Throws ServingError for user errors. */
export async function push(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { publish: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '8' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 2) throw new ServingError('INVALID_ARGUMENT', `push takes DIR and DESTINATION\n\n${PUSH_USAGE}`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ServingError('INVALID_ARGUMENT', '--concurrency must be an integer in 1..64');
  const [dir, destination] = positionals;
  const dest = parseDestination(destination);
  const files = await readLocalVersion(dir);
  const who = pusher();
  return withStore(dest.storeUrl, async (store, s3Client) => {
    const where = `${store.url}/${dest.model}/${dest.dirName}`;
    const lines = [await uploadUnlessPublished(store, dest, files, where, who, concurrency, s3Client)];
    if (!values.publish) {
      lines.push(...await nextSteps(store, dest, dir, destination));
      return lines.join('\n');
    }
    const [r] = await rolloutVersions(store, [{ model: dest.model, dirName: dest.dirName }], { validatedBy: who });
    const recorded = (await readManifest(store, dest.model))?.versions.get(r.version);
    const state = r.state === 'UNCHANGED' ? `UNCHANGED (recorded as ${recorded?.state ?? 'nothing'})` : r.state;
    const reason = r.reason ?? (recorded?.state === 'FAILED' ? recorded.error : undefined);
    lines.push(`${dest.model} version ${r.version}: ${state}${reason ? `: ${reason}` : ''}`);
    if (r.state === 'FAILED' || r.state === 'PENDING' || recorded?.state !== 'AVAILABLE') {
      throw new ServingError('FAILED_PRECONDITION', `${lines.join('\n')}\nThe version is not served.`);
    }
    return lines.join('\n');
  });
}

/**
 * Uploads the files, then the marker. Refuses to overwrite a version the manifest has AVAILABLE with
 * other files (servers may be loading those bytes); skips the upload when it has exactly these files.
 */
async function uploadUnlessPublished(
  store: ModelStore, dest: Destination, files: LocalFile[], where: string, who: string, concurrency: number,
  s3Client: S3Client | undefined,
): Promise<string> {
  const published = (await readManifest(store, dest.model))?.versions.get(parseVersionDir(dest.dirName)!);
  if (published?.state === 'AVAILABLE') {
    if (published.dirName === dest.dirName && sameFiles(published.files, files)) return `${where} is already published with these files; nothing uploaded`;
    throw new ServingError('FAILED_PRECONDITION',
      `Version ${parseVersionDir(dest.dirName)} of model ${dest.model} is already published (AVAILABLE) from ${published.dirName} with other files, and servers may be loading them. Push to a new version number, or roll it back first.`);
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  const progress = new ProgressBar('push', total, files.length);
  const s3 = store instanceof S3ModelStore && s3Client ? { client: s3Client, bucket: store.bucket, prefix: store.prefix } : undefined;
  await uploadFiles(files, { store, model: dest.model, dirName: dest.dirName, ...(s3 ? { s3 } : {}) }, { concurrency, progress });
  progress.finish();
  const marker = serializeCommitMarker({ format: 1, files, createdAt: new Date().toISOString(), createdBy: who });
  await store.writeFile(dest.model, dest.dirName, COMMIT_MARKER_PATH, marker);
  return `Uploaded ${files.length} files (${formatBytes(total)}) to ${where}, then the commit marker ${COMMIT_MARKER_PATH}`;
}

/** After a push without --publish: whether the version is served, and what to run next. */
async function nextSteps(store: ModelStore, dest: Destination, dir: string, destination: string): Promise<string[]> {
  const version = parseVersionDir(dest.dirName)!;
  if ((await readManifest(store, dest.model))?.versions.get(version)?.state === 'AVAILABLE') return [];
  const publish = `tf-serverless push ${dir} ${destination} --publish`;
  if (store instanceof S3ModelStore) {
    return [
      `Not served yet: the stack's rollout function validates and publishes ${dest.model} version ${version} when it sees the commit marker`,
      `(for a bucket without that trigger, publish it from here: ${publish}).`,
    ];
  }
  return [`Not served yet: a local registry has no rollout trigger; validate and publish it with: ${publish}`];
}

/** `s3://bucket/prefix/NAME/VERSION` or `/path/prefix/NAME/VERSION` → store URL, model, version directory (checked). */
function parseDestination(destination: string): Destination {
  const trimmed = destination.replace(/\/+$/, '');
  let storeUrl: string;
  let model: string;
  let dirName: string;
  if (trimmed.startsWith('s3://')) {
    const parts = trimmed.slice('s3://'.length).split('/');
    // "models//abs/1" must not quietly become "models/abs/1": S3 keys keep empty segments, so refuse them.
    if (parts.includes('')) throw new ServingError('INVALID_ARGUMENT', `Destination ${JSON.stringify(destination)} has an empty path segment ('//')`);
    if (parts.length < 3) throw new ServingError('INVALID_ARGUMENT', `Destination ${JSON.stringify(destination)} must be s3://bucket[/prefix]/NAME/VERSION`);
    dirName = parts.pop()!;
    model = parts.pop()!;
    storeUrl = `s3://${parts.join('/')}`;
  } else {
    dirName = basename(trimmed);
    model = basename(dirname(trimmed));
    storeUrl = dirname(dirname(trimmed));
  }
  if (parseVersionDir(dirName) === undefined && isValidModelName(dirName)) {
    // The common slip: s3://bucket/models/NAME without the version (TF Serving's layout is NAME/VERSION/).
    throw new ServingError('INVALID_ARGUMENT',
      `Destination ${destination} ends in "${dirName}", not a version number: add the version directory, e.g. ${trimmed}/1`);
  }
  return { storeUrl, model: checkModelName(model), dirName: checkVersionDirName(dirName) };
}

/** "tf-serverless push by USER@HOST", recorded as the marker's createdBy and the version's validatedBy. */
function pusher(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry for the uid (some containers)
  }
  return `tf-serverless push by ${user}@${hostname()}`;
}
