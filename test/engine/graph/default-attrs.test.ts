// Exports made with strip_default_attrs drop attrs equal to their OpDef default; TF's loader adds them
// back, and so must we (MobileNetV2's Conv2D lost `dilations`, and TensorFlow.js crashed at the first run).
import { describe, expect, it } from 'vitest';
import { addDefaultAttrs, OpDefs } from '../../../lib/engine/graph/op-defs.ts';
import type { MetaGraphDefMessage, NodeDefMessage } from '../../../lib/savedmodel/index.ts';

const meta: MetaGraphDefMessage = {
  meta_info_def: {
    stripped_op_list: {
      op: [{ name: 'Conv2D', attr: [
        { name: 'T', type: 'type' },
        { name: 'dilations', type: 'list(int)', default_value: { list: { i: [1, 1, 1, 1] } } },
        { name: 'data_format', type: 'string', default_value: { s: new TextEncoder().encode('NHWC') } },
      ] }],
    },
  },
};

describe('addDefaultAttrs', () => {
  it('adds stripped defaults and keeps attrs the node has', () => {
    const node: NodeDefMessage = { name: 'conv', op: 'Conv2D', input: [], attr: { T: { type: 1 }, data_format: { s: new TextEncoder().encode('NCHW') } } };
    addDefaultAttrs(node, new OpDefs(meta));
    expect(node.attr!.dilations).toEqual({ list: { i: [1, 1, 1, 1] } });
    expect(new TextDecoder().decode(node.attr!.data_format.s)).toBe('NCHW');
  });

  it('leaves ops without an OpDef alone', () => {
    const node: NodeDefMessage = { name: 'x', op: 'Unknown', input: [] };
    addDefaultAttrs(node, new OpDefs(meta));
    expect(node.attr).toBeUndefined();
  });
});
