// Lets the native engine's guarded `import('@tensorflow/tfjs-node')` type-check where the optional
// package is not installed. Only the shape the engine uses is relied on (tfjs-node-api.ts), never these types.
declare module '@tensorflow/tfjs-node';
