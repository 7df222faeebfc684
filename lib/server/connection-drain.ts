// Graceful shutdown for a Node HTTP server with keep-alive clients (issue 10: pooled clients kept the
// process alive 15–40 s after SIGTERM and got 200s). Node's server.close() stops accepting and closes the
// connections idle at that moment, but a busy keep-alive connection stays open after its response and can
// carry new requests. Here: answers sent after close() carry `Connection: close` (Node then ends the socket),
// a request that arrives after it on a reused keep-alive connection gets 503 (the first request of a
// connection accepted before close() was in flight and is served), idle sockets close at once, and whatever
// is left is destroyed when the grace period ends.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class ConnectionDrain {
  private closing = false;
  private closed: Promise<void> | undefined;
  /** Connections that have carried a request. */
  private readonly used = new WeakSet<Socket>();

  constructor(private readonly server: Server) {}

  /** Call on every request: true when it arrived after close() on a reused connection (answer 503). */
  refuses(req: IncomingMessage): boolean {
    const reused = this.used.has(req.socket);
    this.used.add(req.socket);
    return this.closing && reused;
  }

  /** Call on every answer before its headers go out: once closing, the connection ends after this answer. */
  beforeAnswer(res: ServerResponse): void {
    if (this.closing && !res.headersSent) res.setHeader('Connection', 'close');
  }

  /** Stops accepting, lets in-flight answers finish until `graceMs`, then destroys what is left. */
  close(graceMs: number): Promise<void> {
    this.closing = true;
    this.closed ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
      timer.unref();
      // server.close() also closes the connections idle *now* (Node ≥ 19). A request whose bytes are already
      // here but not yet parsed (the loop was busy in a kernel when the signal came) would look idle and be
      // reset; after setImmediate, this loop turn's socket reads have been parsed and those requests are live.
      setImmediate(() =>
        this.server.close(() => {
          clearTimeout(timer);
          resolve();
        }),
      );
      // An answer sent while closing ends its socket (Connection: close); sweep for sockets gone idle meanwhile.
      const sweep = setInterval(() => this.server.closeIdleConnections(), 50);
      sweep.unref();
      this.server.once('close', () => clearInterval(sweep));
    });
    return this.closed;
  }
}
