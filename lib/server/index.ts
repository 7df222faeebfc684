// lib/server: the HTTP (and gRPC) server process over lib/api and lib/loader. Public entry point.
export { startRestServer, type RestServer, type RestServerOptions } from './http-server.ts';
export { localSourceFor, startModelServer, type ModelServer, type ModelServerOptions } from './model-server.ts';
