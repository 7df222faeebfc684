// A recording stand-in for the Lambda API's Invoke (the one AWS API the tests cannot reach: the warmer's
// LambdaClient). It records every call, tracks how many are in flight at once, and answers from a script.
import type { InvokeCommand, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { LambdaInvoker } from '../../functions/warmer.ts';

export interface RecordedInvoke {
  functionName: string | undefined;
  invocationType: string | undefined;
  /** The payload, parsed from JSON. */
  payload: unknown;
}

/** One scripted answer: a reply body (JSON), a function error, or a thrown error (the call itself failed). */
export type ScriptedAnswer = { reply: unknown } | { functionError: string; reply: unknown } | { throws: string };

export class RecordingLambda implements LambdaInvoker {
  readonly calls: RecordedInvoke[] = [];
  maxInFlight = 0;
  private inFlight = 0;

  /** `answer(i)` gives the answer to the i-th call (0-based, in call order). */
  constructor(private readonly answer: (i: number) => ScriptedAnswer) {}

  async send(command: InvokeCommand): Promise<InvokeCommandOutput> {
    const { FunctionName, InvocationType, Payload } = command.input;
    const i = this.calls.length;
    this.calls.push({ functionName: FunctionName, invocationType: InvocationType, payload: JSON.parse(new TextDecoder().decode(Payload as Uint8Array)) });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // Yield a few turns of the microtask queue (no timers): calls made together overlap here.
    for (let k = 0; k < 5; k++) await Promise.resolve();
    this.inFlight -= 1;
    const a = this.answer(i);
    if ('throws' in a) throw new Error(a.throws);
    const body = new TextEncoder().encode(JSON.stringify(a.reply));
    return { StatusCode: 200, Payload: body, ...('functionError' in a ? { FunctionError: a.functionError } : {}), $metadata: {} } as InvokeCommandOutput;
  }
}

/** A KeepWarmReply as the api function gives it. */
export function warmReply(coldStart: boolean, failed: { model: string; message: string }[] = []): { reply: unknown } {
  return { reply: { warmed: true, coldStart, loaded: [], failed } };
}
