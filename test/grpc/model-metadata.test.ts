// GetModelMetadata over real gRPC: the MetaGraph's SignatureDefs, Any-packed as a tensorflow.serving.SignatureDefMap.
import { status } from '@grpc/grpc-js';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { protoType } from '../../lib/proto/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS, LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { type Message, useGrpcServer } from './grpc-harness.ts';

const grpc = useGrpcServer({
  models: { half_plus_two: join(BUNDLED_MODELS, 'half_plus_two'), pbtxt: join(LOCAL_FIXTURES, 'pbtxt_model') },
});

afterEach(() => {
  expect(grpc.provider.outstanding).toBe(0);
  expect(grpc.internalErrors).toEqual([]);
});

const MAP = protoType('tensorflow.serving.SignatureDefMap');
const asObject = (m: Message) => MAP.toObject(m, { longs: String, enums: String, bytes: String });

async function metadataOf(name: string): Promise<{ response: Message; signatures: Message }> {
  const response = await grpc.call('GetModelMetadata', { model_spec: { name }, metadata_field: ['signature_def'] });
  return { response, signatures: asObject(MAP.decode(response.metadata.signature_def.value)) };
}

describe('GetModelMetadata', () => {
  it("packs half_plus_two's SignatureDefs, init op included, exactly as its MetaGraph holds them", async () => {
    const { response, signatures } = await metadataOf('half_plus_two');
    expect(response.metadata.signature_def.type_url).toBe('type.googleapis.com/tensorflow.serving.SignatureDefMap');
    const meta = (await SavedModel.fromDir(join(BUNDLED_MODELS, 'half_plus_two/1'))).metaGraph();
    expect(signatures).toEqual(asObject(MAP.fromObject({ signature_def: meta.def.signature_def })));
    expect(Object.keys(signatures.signature_def).sort()).toEqual(['__saved_model_init_op', 'classify_x_to_y', 'regress_x_to_y', 'serving_default']);
    expect(signatures.signature_def.serving_default).toEqual({
      inputs: { x: { name: 'serving_default_x:0', dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '-1' }] } } },
      outputs: { y: { name: 'StatefulPartitionedCall_2:0', dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '-1' }] } } },
      method_name: 'tensorflow/serving/predict',
    });
  });

  it('names the servable and its version in model_spec, without a signature_name', async () => {
    const { response } = await metadataOf('half_plus_two');
    expect(response.model_spec.name).toBe('half_plus_two');
    expect(response.model_spec.version.value.toString()).toBe('1');
    expect(response.model_spec.signature_name).toBe('');
  });

  it('serves the metadata of a model read from saved_model.pbtxt', async () => {
    const { signatures } = await metadataOf('pbtxt');
    expect(Object.keys(signatures.signature_def.serving_default.outputs).sort()).toEqual(['label', 'y']);
  });

  it.each([
    ['no metadata_field', { model_spec: { name: 'half_plus_two' } }, status.INVALID_ARGUMENT, 'GetModelMetadataRequest must specify at least one metadata_field'],
    ['an unsupported field', { model_spec: { name: 'half_plus_two' }, metadata_field: ['signature_def', 'graph'] }, status.INVALID_ARGUMENT,
      'Metadata field graph is not supported'],
    ['no model_spec', { metadata_field: ['signature_def'] }, status.INVALID_ARGUMENT, 'Missing ModelSpec'],
    ['an unknown model', { model_spec: { name: 'foo' }, metadata_field: ['signature_def'] }, status.NOT_FOUND, 'Servable not found for request: Latest(foo)'],
  ])('rejects %s', async (_scenario, request, code, message) => {
    const e = await grpc.errorOf('GetModelMetadata', request);
    expect([e.code, e.details]).toEqual([code, message]);
  });
});
