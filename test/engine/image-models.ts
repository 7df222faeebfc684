// Image-bytes models of the zoo (scripts/zoo/gen_image.py) answering bad pictures: the decode op's error
// reaches the client as INVALID_ARGUMENT with TensorFlow's message, inside tf.map_fn too, on wasm and cpu;
// the servable keeps answering afterwards. Defined once, run on each backend (image-models-wasm/-cpu.test.ts).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnServable } from '../../lib/api/rest/run-inference.ts';
import { type BackendName, ensureBackend } from '../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../lib/engine/portable/portable-servable.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { ZOO_ROOT } from './zoo.ts';

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

export function defineImageModelSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });
  const servables: PortableServable[] = [];
  afterAll(() => servables.forEach((s) => s.dispose()));
  const load = async (model: string) => {
    const s = await PortableServable.load(await SavedModel.fromDir(join(ZOO_ROOT, 'image', model, '1')));
    servables.push(s);
    return s;
  };
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string; message: string }) => ({ code: e.code, message: e.message }));

  it('map_fn over image bytes: an unknown format is INVALID_ARGUMENT with TF\'s message, then the model still serves', async () => {
    const s = await load('jpeg_classifier');
    const bad = JSON.stringify({ instances: [{ image_bytes: { b64: PNG_1X1 } }, { image_bytes: { b64: b64('not a picture') } }] });
    expect(await failure(runOnServable(s, 'predict', bad))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required.'),
    });
    const good = JSON.parse(await runOnServable(s, 'predict', JSON.stringify({ instances: [{ image_bytes: { b64: PNG_1X1 } }] })));
    expect(good.predictions).toHaveLength(1);
    expect(good.predictions[0].probabilities).toHaveLength(3);
  });

  it('a truncated PNG and an empty string answer TF\'s messages', async () => {
    const s = await load('decoders');
    const png = Buffer.from(PNG_1X1, 'base64');
    const call = (bytes: Uint8Array) => runOnServable(s, 'predict', JSON.stringify({ inputs: { b64: b64(bytes) } }));
    expect(await failure(call(png.subarray(0, png.length - 20)))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`Invalid PNG data, size ${png.length - 20}`) });
    expect(await failure(call(new Uint8Array(0)))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Input is empty.') });
    const ok = JSON.parse(await call(png));
    expect(ok.outputs.shape).toEqual([1, 1, 3]);
  });
}
