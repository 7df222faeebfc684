// Wire-level checks of lib/proto/tensorflow_serving: the expected bytes are hand-assembled from TF Serving's
// field numbers (tag = field << 3 | wire type). scripts/check_protos.py compares every field against the sources.
import { describe, expect, it } from 'vitest';
import { protoEnum, protoRoot, protoType } from '../../lib/proto/index.ts';

const hex = (typeName: string, obj: object) => {
  const type = protoType(typeName);
  return Buffer.from(type.encode(type.fromObject(obj)).finish()).toString('hex');
};

describe('TF Serving schemas', () => {
  it.each([
    ['ModelSpec with a version number', 'ModelSpec', { name: 'm', version: { value: 3 }, signature_name: 's' }, '0a016d120208031a0173'],
    ['ModelSpec with a version label (field 4)', 'ModelSpec', { version_label: 'a' }, '220161'],
    ['PredictRequest output_filter (3) and an input (2)', 'PredictRequest', { inputs: { x: { dtype: 1 } }, output_filter: ['y'] }, '12070a017812020801' + '1a0179'],
    ['PredictResponse puts model_spec at 2', 'PredictResponse', { model_spec: { name: 'm' } }, '1203' + '0a016d'],
    ['ModelVersionStatus AVAILABLE (30) with a NOT_FOUND status', 'ModelVersionStatus', { version: 2, state: 30, status: { error_code: 5, error_message: 'x' } }, '0802101e1a05080512' + '0178'],
  ])('encodes %s', (_scenario, name, obj, expected) => {
    expect(hex(`tensorflow.serving.${name}`, obj)).toBe(expected);
  });

  it('encodes ModelConfig.model_version_policy (7) → specific (102) → packed versions (1)', () => {
    // 3a: field 7, len 7; b2 06: field 102 (varint 818), len 4; 0a 02 01 02: field 1 packed [1, 2].
    expect(hex('tensorflow.serving.ModelConfig', { model_version_policy: { specific: { versions: [1, 2] } } })).toBe('3a07b206040a020102');
    expect(hex('tensorflow.serving.ModelConfig', { version_labels: { stable: 1 } })).toBe('420a0a06737461626c651001');
  });

  it('numbers ModelVersionStatus.State as TF Serving does', () => {
    expect(protoEnum('tensorflow.serving.ModelVersionStatus.State').values).toEqual({
      UNKNOWN: 0, START: 10, LOADING: 20, AVAILABLE: 30, UNLOADING: 40, END: 50,
    });
  });

  it('defines the PredictionService and ModelService methods', () => {
    const methods = (s: string) => Object.keys(protoRoot().lookupService(`tensorflow.serving.${s}`).methods);
    expect(methods('PredictionService')).toEqual(['Classify', 'Regress', 'Predict', 'MultiInference', 'GetModelMetadata']);
    expect(methods('ModelService')).toEqual(['GetModelStatus', 'HandleReloadConfigRequest']);
  });
});
