// Summarises a V8 .cpuprofile (node --cpu-prof) as self time by where the code lives (our folders, tfjs,
// Node's internals, GC) and the top functions by self time: the "where per-request server CPU goes" table
// of the HTTP bench (BENCH_HTTP_PROFILE=1 npm run bench -- http).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, coarse enough to compare two runs. */
function placeOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || (!url && functionName === '(root)')) return 'V8 / native (program)';
  const lib = /\/lib\/(\w+)\//.exec(url)?.[1];
  if (lib && !url.includes('node_modules')) return lib === 'engine' ? 'engine: ours (lib/engine)' : `lib/${lib}`;
  if (url.includes('@tensorflow/tfjs-backend-wasm')) return 'engine: tfjs-backend-wasm kernels';
  if (url.includes('@tensorflow/tfjs-converter')) return 'engine: tfjs-converter (GraphModel)';
  if (url.includes('@tensorflow/')) return 'engine: tfjs-core';
  if (url.startsWith('node:') || url === '') return 'Node: http, streams, net, timers, natives';
  return 'other JavaScript';
}

/**
 * Self time per place and the top `top` functions, as Markdown tables (percent of the non-idle samples), over
 * the samples taken `window` ms after the profile started (default: all of them).
 */
export function summarizeCpuProfile(file: string, top = 15, window: [number, number] = [0, Infinity]): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= window[0] * 1000 && at <= window[1] * 1000) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const place = placeOf(frame);
    if (place === 'idle') continue;
    total += us;
    places.set(place, (places.get(place) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules\/|lib\/|bench\/)/, '$1')}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
  const rows = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `| ${k.replace(/\|/g, '/')} | ${pct(us)} |`);
  return [
    `Self time of the server process, ${(total / 1e6).toFixed(1)} s sampled (idle left out):\n`,
    '| where | self time |', '|---|---:|', ...rows(places, 20), '',
    '| function (top by self time) | self time |', '|---|---:|', ...rows(functions, top),
  ].join('\n');
}
