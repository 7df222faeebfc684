// Small checkpoints written by TensorFlow 2.21 itself (base64), for the partitioned-variable and
// multi-shard cases the shared fixtures lack. They were made with these Python calls (numpy as np):
//
// partitionedTf1 (TF1 Saver over partitioned variables):
//   w = get_variable('w', [130, 1], float32, partitioner=fixed_size_partitioner(2, axis=0))  # 0..129 / 4
//   c = get_variable('c', [2, 5], int32, partitioner=fixed_size_partitioner(2, axis=1))      # arange(10)*3-7
//   s = get_variable('s', initializer=[b'ab', b'', b'\x00\xff', b'xyz'])
//   Saver().save(sess, '.../variables', write_meta_graph=False)
// shardedTf2 (TF2 checkpoint split by size; TF slices the larger variables across shards):
//   m.a = Variable(arange(40, float32) / 8); m.b = Variable(arange(30, int64) - 15)
//   m.s = Variable([b'hello', b'', b'\xff\x00'])
//   Checkpoint(m=m).write('.../variables', options=CheckpointOptions(
//       experimental_sharding_callback=MaxShardSizePolicy(max_shard_size=128)))   # 4 shards
// hugeSliceTf (one slice each of two huge tensors, so the full tensors cannot be assembled):
//   raw_ops.SaveV2(prefix='.../variables', tensor_names=['big', 'mid'],
//       shape_and_slices=['9007199254740991 1 9007199254740988,2:-', '300000 2 8191,2:0,2'],
//       tensors=[constant([[1.0], [2.0]]), constant([[1, 2], [3, 4]])])
import { type ModelFiles, modelFilesFromMap } from '../../lib/savedmodel/model-files.ts';

const BASE64 = {
  partitionedTf1: {
    'variables.data-00000-of-00001':
      '+f////z/////////CAAAAAsAAAAOAAAAAgAAAAUAAAARAAAAFAAAAAIAAgOVkqOrYWIA/3h5egAAAAAAAIA+AAAAPwAAQD8AAIA/' +
      'AACgPwAAwD8AAOA/AAAAQAAAEEAAACBAAAAwQAAAQEAAAFBAAABgQAAAcEAAAIBAAACIQAAAkEAAAJhAAACgQAAAqEAAALBAAAC4' +
      'QAAAwEAAAMhAAADQQAAA2EAAAOBAAADoQAAA8EAAAPhAAAAAQQAABEEAAAhBAAAMQQAAEEEAABRBAAAYQQAAHEEAACBBAAAkQQAA' +
      'KEEAACxBAAAwQQAANEEAADhBAAA8QQAAQEEAAERBAABIQQAATEEAAFBBAABUQQAAWEEAAFxBAABgQQAAZEEAAGhBAABsQQAAcEEA' +
      'AHRBAAB4QQAAfEEAAIBBAACCQQAAhEEAAIZBAACIQQAAikEAAIxBAACOQQAAkEEAAJJBAACUQQAAlkEAAJhBAACaQQAAnEEAAJ5B' +
      'AACgQQAAokEAAKRBAACmQQAAqEEAAKpBAACsQQAArkEAALBBAACyQQAAtEEAALZBAAC4QQAAukEAALxBAAC+QQAAwEEAAMJBAADE' +
      'QQAAxkEAAMhBAADKQQAAzEEAAM5BAADQQQAA0kEAANRBAADWQQAA2EEAANpBAADcQQAA3kEAAOBBAADiQQAA5EEAAOZBAADoQQAA' +
      '6kEAAOxBAADuQQAA8EEAAPJBAAD0QQAA9kEAAPhBAAD6QQAA/EEAAP5BAAAAQgAAAUI=',
    'variables.index':
      'AAAGCAEaAggBAAoTAGMAAQECgIKAgwgDEggSAggCEgIIAygYNeTGntcIAhWDgggDEggSAggCEgIIAiAYKBA1VfsWsQEKFncAAQEC' +
      'gMBBgIEIARIIEgIIQRICCAEgNyiEAjURxjODBgYXwEHAQYCBCAESCBICCEESAggBILsCKIQCNVL2ff4AASJjCAMSCBICCAISAggF' +
      'OggKAhACCgIQAzoKCgIQAgoECAMQAgABEXMIBxIEEgIIBCAoKA81mOYVdQABI3cIARIJEgMIggESAggBOggKAhBBCgIQAToKCgQI' +
      'QRBBCgIQAQAAAAABAAAAANa4rbsAAAAAAQAAAADA8qGwAAEDeADwAQAAAAABAAAAAKyQfPX1AQiCAg8AAAAAAAAAAAAAAAAAAAAA' +
      'AAAAAAAAAAAAAAAAAAAAAAAAV/uAiyR1R9s=',
  },
  shardedTf2: {
    'variables.data-00000-of-00004':
      'AAAAAAAAAD4AAIA+AADAPgAAAD8AACA/AABAPwAAYD8AAIA/AACQPwAAoD8AALA/AADAPwAA0D8AAOA/AADwPwAAAEAAAAhAAAAQ' +
      'QAAAGEAAACBAAAAoQAAAMEAAADhAAABAQAAASEAAAFBAAABYQAAAYEAAAGhAAABwQAAAeEA=',
    'variables.data-00001-of-00004':
      'AACAQAAAhEAAAIhAAACMQAAAkEAAAJRAAACYQAAAnEDx//////////L/////////8//////////0//////////X/////////9v//' +
      '///////3//////////j/////////+f/////////6//////////v//////////P////////8=',
    'variables.data-00002-of-00004':
      '/f/////////+////////////////////AAAAAAAAAAABAAAAAAAAAAIAAAAAAAAAAwAAAAAAAAAEAAAAAAAAAAUAAAAAAAAABgAA' +
      'AAAAAAAHAAAAAAAAAAgAAAAAAAAACQAAAAAAAAAKAAAAAAAAAAsAAAAAAAAADAAAAAAAAAA=',
    'variables.data-00003-of-00004':
      'DQAAAAAAAAAOAAAAAAAAAAUAAjqs28ZoZWxsb/8A7gFjk4MSCgsKBQgBEgFtKgIIAQoZCgUIAhIBYQoFCAMSAWIKBQgEEgFzKgII' +
      'AQpAEjoKDlZBUklBQkxFX1ZBTFVFEghWYXJpYWJsZRoebS9hLy5BVFRSSUJVVEVTL1ZBUklBQkxFX1ZBTFVFKgIIAQpAEjoKDlZB' +
      'UklBQkxFX1ZBTFVFEghWYXJpYWJsZRoebS9iLy5BVFRSSUJVVEVTL1ZBUklBQkxFX1ZBTFVFKgIIAQpAEjoKDlZBUklBQkxFX1ZB' +
      'TFVFEghWYXJpYWJsZRoebS9zLy5BVFRSSUJVVEVTL1ZBUklBQkxFX1ZBTFVFKgIIAQ==',
    'variables.index':
      'AAAGCAQaAggBACUPAG0vYS8uQVRUUklCVVRFUy9WQVJJQUJMRV9WQUxVRQABAQGAlAgBEgQSAggUKFA1UrB/ASMCEZSKCAESBBIC' +
      'CAogUCgoNeK0Y7sjAhGegggBEgQSAggCIHgoCDU/EoICIwIRoIgIARIEEgIICBgBKCA1eGcC3QMiE2IvLkFUVFJJQlVURVMvVkFS' +
      'SUFCTEVfVkFMVUUAAQEBgIoICRIEEgIIChgBICAoUDWT746eIwITioIICRIEEgIIAhgBIHAoEDW2z6hxIwIRjIkICRIEEgIICRgC' +
      'KEg1fWL5CyMCE5WFCAkSBBICCAUYAiBIKCg11Hb7iSMCE5qCCAkSBBICCAIYAiBwKBA1bmGWSSMCEZyCCAkSBBICCAIYAygQNV4I' +
      'xXIAHBBfQ0hFQ0tQT0lOVEFCTEVfT0JKRUNUX0dSQVBICAcSABgDIB4o9AE1MIEdqgAeJm0vYS8uQVRUUklCVVRFUy9WQVJJQUJM' +
      'RV9WQUxVRQgBEgQSAggoOgQKAhAUOgYKBAgUEAo6BgoECB4QAjoGCgQIIBAIAhw4Yi8uQVRUUklCVVRFUy9WQVJJQUJMRV9WQUxV' +
      'RQgJEgQSAggeGAE6BAoCEAo6BgoECAoQAjoGCgQIDBAJOgYKBAgVEAU6BgoECBoQAjoGCgQIHBACAhwTcy8uQVRUUklCVVRFUy9W' +
      'QVJJQUJMRV9WQUxVRQgHEgQSAggDGAMgECgONbopipgAAAAAAQAAAABdzdvxAAAAAAEAAAAAwPKhsAABA24AtQQAAAAAAQAAAACt' +
      'PuV8ugQIxwQPAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAFf7gIskdUfb',
  },  hugeSliceTf: {
    'variables.data-00000-of-00001':
      'AACAPwAAAEABAAAAAgAAAAMAAAAEAAAA',
    'variables.index':
      'AAAGCAEaAggBABMTAGJpZwABAQL/H////////IKAfwgBEggSAggCEgIIASgINVk85TUBDBVtaWQAAQEC3/+CgIIIAxIIEgIIAhIC' +
      'CAIgCCgQNcvQX7YAAyRiaWcIARIPEgkI/////////w8SAggBOg8KCwj8////////DxACCgAAAxttaWQIAxIKEgQI4KcSEgIIAjoL' +
      'CgUI/z8QAgoCEAIAAAAAAQAAAAAwvXf8AAAAAAEAAAAAwPKhsAABA24AqQEAAAAAAQAAAACYtyO1rgEIuwEPAAAAAAAAAAAAAAAA' +
      'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAFf7gIskdUfb',
  },
} satisfies Record<string, Record<string, string>>;

/** The named checkpoint as ModelFiles under `variables/` (prefix "variables/variables"). */
export function tfMadeCheckpoint(name: keyof typeof BASE64): ModelFiles {
  const files = new Map<string, Uint8Array>();
  for (const [file, b64] of Object.entries(BASE64[name])) files.set(`variables/${file}`, Buffer.from(b64, 'base64'));
  return modelFilesFromMap(files);
}
