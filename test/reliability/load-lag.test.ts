// Loading a model with a huge graph leaves the event loop free (issue 10 item 4): a 200,000-node pbtxt
// (7 MB; on the event loop its parse and walks blocked it for seconds) is parsed in a worker thread, decoded
// and converted in slices, while a 10 ms timer measures the worst gap. Then it serves.
import { afterAll, describe, expect, it } from 'vitest';
import { type LoadedVersion, loadVersion } from '../../lib/loader/index.ts';
import { modelFilesFromMap } from '../../lib/savedmodel/index.ts';
import { worstTimerLag } from '../helpers/event-loop-lag.ts';
import { bigGraphModel } from '../helpers/hostile-models.ts';

let loaded: LoadedVersion | undefined;
afterAll(() => loaded?.servable.dispose());

describe('loading a big graph', () => {
  it('keeps the event loop answering while a 200,000-node pbtxt loads, then serves it', async () => {
    const files = modelFilesFromMap({ 'saved_model.pbtxt': new TextEncoder().encode(bigGraphModel(200_000)) });
    const { result, worstMs } = await worstTimerLag(() => loadVersion(files, '<big>', { backend: 'cpu', warmup: false }));
    loaded = result;
    // Generous for a 2-core machine at load average 17 (seen: 0.6–1.9 s); on the event loop this load blocked it 9.5 s.
    expect(worstMs).toBeLessThan(2500);
    const y = await loaded.servable.run('serving_default', new Map([['x', { dtype: 'DT_FLOAT', shape: [2], data: Float32Array.of(1, 2) }]]));
    expect([...(y.get('x')!.data as Float32Array)]).toEqual([2, 3]); // plusOneModel names its output 'x' too
  }, 300_000);

  it('keeps only the signatures of the loaded MetaGraph, not its 200,000 nodes', () => {
    expect(loaded!.metaGraph.def.graph_def).toBeUndefined();
    expect(loaded!.metaGraph.signatureKeys()).toEqual(['serving_default']);
    expect(loaded!.metaGraph.signature('serving_default').inputs.x.dtype).toBe('DT_FLOAT');
  });
});
