// TF Serving's two gRPC services as grpc-js ServiceDefinitions, written by hand over our protobufjs types (no
// proto-loader). Paths are TF Serving's ("/tensorflow.serving.PredictionService/Predict"); every method is unary.
// The same definitions serve the server and build clients (grpc.makeGenericClientConstructor) in tests.
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { protoType } from '../proto/index.ts';
import { decodeExamplesRequest, decodeMultiInferenceRequest } from '../inference/index.ts';

export const PREDICTION_SERVICE_NAME = 'tensorflow.serving.PredictionService';
export const MODEL_SERVICE_NAME = 'tensorflow.serving.ModelService';

function encoder(typeName: string): (value: object) => Buffer {
  return (value) => {
    const type = protoType(typeName);
    // Plain objects are encoded as they are; fromObject would copy every repeated field first.
    const bytes = type.encode(value).finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

/** Requests from clients go through fromObject, which accepts JSON-ish values (int64 as strings, enums by name). */
function lenientEncoder(typeName: string): (value: object) => Buffer {
  return (value) => {
    const type = protoType(typeName);
    const bytes = type.encode(type.fromObject(value)).finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function decoder(typeName: string): (bytes: Buffer) => object {
  return (bytes) => protoType(typeName).decode(bytes);
}

function unary(
  service: string,
  method: string,
  requestType: string,
  responseType: string,
  requestDeserialize: (bytes: Buffer) => object = decoder(requestType),
): MethodDefinition<object, object> {
  return {
    path: `/${service}/${method}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: lenientEncoder(requestType),
    requestDeserialize,
    responseSerialize: encoder(responseType),
    responseDeserialize: decoder(responseType),
    originalName: method,
  };
}

const serving = (name: string) => `tensorflow.serving.${name}`;

/** tensorflow.serving.PredictionService (apis/prediction_service.proto). */
export const PREDICTION_SERVICE: ServiceDefinition = {
  Classify: unary(PREDICTION_SERVICE_NAME, 'Classify', serving('ClassificationRequest'), serving('ClassificationResponse'), decodeExamplesRequest),
  Regress: unary(PREDICTION_SERVICE_NAME, 'Regress', serving('RegressionRequest'), serving('RegressionResponse'), decodeExamplesRequest),
  Predict: unary(PREDICTION_SERVICE_NAME, 'Predict', serving('PredictRequest'), serving('PredictResponse')),
  MultiInference: unary(
    PREDICTION_SERVICE_NAME,
    'MultiInference',
    serving('MultiInferenceRequest'),
    serving('MultiInferenceResponse'),
    decodeMultiInferenceRequest,
  ),
  GetModelMetadata: unary(PREDICTION_SERVICE_NAME, 'GetModelMetadata', serving('GetModelMetadataRequest'), serving('GetModelMetadataResponse')),
};

/** tensorflow.serving.ModelService (apis/model_service.proto). */
export const MODEL_SERVICE: ServiceDefinition = {
  GetModelStatus: unary(MODEL_SERVICE_NAME, 'GetModelStatus', serving('GetModelStatusRequest'), serving('GetModelStatusResponse')),
  HandleReloadConfigRequest: unary(MODEL_SERVICE_NAME, 'HandleReloadConfigRequest', serving('ReloadConfigRequest'), serving('ReloadConfigResponse')),
};
