// lib/grpc: TF Serving's gRPC API (tensorflow.serving.PredictionService and ModelService) over a ModelProvider,
// wire-compatible with the tensorflow-serving-api client. Public entry point of the module.
export { DEFAULT_GRPC_PORT, type GrpcServer, type GrpcServerOptions, startGrpcServer, unlinkSocketAt } from './server.ts';
export { MODEL_SERVICE, MODEL_SERVICE_NAME, PREDICTION_SERVICE, PREDICTION_SERVICE_NAME } from './service-definitions.ts';
export { GRPC_STATUS_OF, toGrpcError } from './grpc-status.ts';

export { type ReloadConfig } from './model-status.ts';
export { type ChannelArguments, parseChannelArguments } from './channel-arguments.ts';
export { routeGrpcLogs } from './grpc-log.ts';
