// GetModelStatus and GetModelMetadata bodies in TF Serving's REST layout: protobuf's JSON printer with
// add_whitespace (one-space indent) and default fields printed (http_rest_api_util.cc ToJsonString).
import { renderModelMetadata } from '../../savedmodel/index.ts';
import type { ServableHandle, VersionStatus } from '../../loader/index.ts';

/** {"model_version_status": [{"version": "2", "state": "AVAILABLE", "status": {"error_code": "OK", "error_message": ""}}]} */
export function modelStatusJson(statuses: readonly VersionStatus[]): string {
  return JSON.stringify(
    {
      model_version_status: statuses.map((s) => ({
        version: s.version.toString(),
        state: s.state,
        status: { error_code: s.errorCode, error_message: s.errorMessage },
      })),
    },
    null,
    1,
  );
}

/**
 * TF Serving prints model_spec and the SignatureDefMap separately and concatenates them:
 * `{\n"model_spec":…,\n"metadata": {"signature_def": …}\n}\n`.
 */
export function modelMetadataJson(handle: ServableHandle): string {
  const doc = renderModelMetadata(handle.name, handle.version, handle.metaGraph) as {
    model_spec: unknown;
    metadata: { signature_def: unknown };
  };
  const spec = JSON.stringify(doc.model_spec, null, 1);
  const sigs = JSON.stringify(doc.metadata.signature_def, null, 1);
  return `{\n"model_spec":${spec},\n"metadata": {"signature_def": ${sigs}}\n}\n`;
}

/** MakeJsonFromStatus (json_tensor.cc): rapidjson's PrettyWriter, four-space indent. */
export function errorJson(message: string): string {
  return `{\n    "error": ${JSON.stringify(message)}\n}`;
}
