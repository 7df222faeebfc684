// Whether the optional native engine can run in this process, probed once per test file; prints why its suites skip.
import { nativeEngineAvailable, nativeEngineUnavailableReason } from '../../../lib/engine/index.ts';

export const nativeAvailable = await nativeEngineAvailable();

if (!nativeAvailable) {
  console.log(`skipped: @tensorflow/tfjs-node is not installed (optional native engine): ${nativeEngineUnavailableReason()}`);
}
