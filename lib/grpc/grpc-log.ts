// grpc-js writes its own diagnostics to stderr ("E No address added out of total 1 resolved" on a taken port).
// The server routes them into its log instead, without the bind noise its own ListenError already words.
import * as grpc from '@grpc/grpc-js';

/** Sends grpc-js's log lines to `log` (error and warning severities only); global to the process, as grpc-js's logger is. */
export function routeGrpcLogs(log: (line: string, level: 'warning' | 'error') => void): void {
  const skip = (text: string) => /No address added out of total|Failed to bind/.test(text);
  const sink = (level: 'warning' | 'error') => (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (!skip(text)) log(`grpc-js: ${text}`, level);
  };
  grpc.setLogger({ error: sink('error'), warn: sink('warning'), info: () => undefined, debug: () => undefined } as unknown as Partial<Console>);
  grpc.setLogVerbosity(grpc.logVerbosity.ERROR);
}
