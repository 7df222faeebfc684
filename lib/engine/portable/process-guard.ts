// Keeps a failed model run from taking the process down (FORMATS.md pitfall 18). Two sources of exits:
// - the wasm backend's Emscripten module, when it initialises, adds process handlers that re-throw every
//   uncaught exception and unhandled rejection (printing the module's minified source as the "stack");
// - tfjs-converter's executor drops the promises of control-flow ops still in flight when a kernel throws
//   (GraphExecutor.processStack), so their later rejections are unhandled even though the run's own error
//   reached its caller as an error answer.
// So the module's handlers are removed, and an unhandled rejection is logged on one line instead of exiting.

type Listener = (...args: unknown[]) => void;
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
const listeners = (e: (typeof EVENTS)[number]) => process.listeners(e as 'uncaughtException') as Listener[];
let logging = false;

/** Runs the backend's initialisation, then removes the process handlers it added. */
export async function withoutModuleHandlers<T>(init: () => Promise<T>): Promise<T> {
  const before = new Map(EVENTS.map((e) => [e, new Set(listeners(e))]));
  try {
    return await init();
  } finally {
    for (const e of EVENTS) {
      for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
    logUnhandledRejections();
  }
}

function logUnhandledRejections(): void {
  if (logging) return;
  logging = true;
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    console.error(`tf-serverless: unhandled rejection (left behind by a failed model run): ${text.split('\n')[0]}`);
  });
}
