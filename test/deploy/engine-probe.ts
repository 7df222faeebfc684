// Bundle probe (not a test file): bundled by test/deploy/bundle.test.ts the way the functions are, then run
// from a directory without node_modules. Loads a SavedModel with the portable engine (or the engine named by the
// second argument) and prints one JSON line: the engine and TensorFlow.js backend in use and half_plus_two's
// outputs for [1, 2, 5].
import * as tf from '@tensorflow/tfjs-core';
import { loadServable } from '../../lib/engine/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';

const dir = process.argv[2];
const engine = process.argv[3] === 'native' ? 'native' : 'portable';
if (!dir) throw new Error('usage: node engine-probe.mjs <saved_model_dir> [portable|native]');
const servable = await loadServable(await SavedModel.fromDir(dir), { engine });
const out = await servable.run('serving_default', new Map([['x', { dtype: 'DT_FLOAT', shape: [3, 1], data: new Float32Array([1, 2, 5]) }]]));
const [y] = [...out.values()];
console.log(JSON.stringify({ engine: servable.engine, backend: tf.getBackend(), y: Array.from(y.data as Float32Array) }));
servable.dispose();
