// lib/server: the HTTP (and gRPC) server process over lib/api and lib/loader. Public entry point.
export { startRestServer, type RestServer, type RestServerOptions } from './http-server.ts';
export { ListenError, localSourceFor, startModelServer, type ModelServer, type ModelServerOptions } from './model-server.ts';
export { createServerLog, formatLogLine, LOG_FORMATS, type LogFormat, routeConsoleToLog, type ServerLog } from './server-log.ts';
export { runServerWorkers, type ServerWorkers, type ServerWorkersOptions } from './server-workers.ts';
export { connectWorker, type WorkerLink } from './worker-link.ts';
