// functions/heavy-function.ts with a recording Lambda client: the heavy function gets the API Gateway v2 event of
// the same request, its result comes back unchanged, and a failed invocation is 503 UNAVAILABLE naming it.
import type { InvokeCommand, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { restRequestOf } from '../../functions/http-event.ts';
import { functionHeavyTarget, httpApiEventOf } from '../../functions/heavy-function.ts';

function client(reply: Partial<InvokeCommandOutput>) {
  const sent: InvokeCommand[] = [];
  return { sent, send: async (c: InvokeCommand) => (sent.push(c), { $metadata: {}, ...reply } as InvokeCommandOutput) };
}
const payload = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)) as InvokeCommandOutput['Payload'];
const REQUEST = { method: 'POST', path: '/v1/models/big/versions/2:predict', headers: { 'content-type': 'application/json' }, body: '{"instances": [[1, 2]]}' };

describe('the heavy function as a heavy target', () => {
  it('builds an event that functions/http-event.ts reads back as the same request', () => {
    const back = restRequestOf(httpApiEventOf(REQUEST)) as typeof REQUEST & { body: Uint8Array };
    expect({ ...back, body: Buffer.from(back.body).toString() }).toEqual(REQUEST);
  });

  it('invokes the function by name and returns its result unchanged', async () => {
    const c = client({ StatusCode: 200, Payload: payload({ statusCode: 400, headers: { 'Content-Type': 'application/json' }, body: '{ "error": "x" }', isBase64Encoded: false }) });
    const r = await functionHeavyTarget('svc-dev-heavy', c).forward(REQUEST);
    expect(r).toEqual({ status: 400, headers: { 'Content-Type': 'application/json' }, body: '{ "error": "x" }' });
    expect(c.sent[0].input.FunctionName).toBe('svc-dev-heavy');
    expect(JSON.parse(new TextDecoder().decode(c.sent[0].input.Payload as Uint8Array)).rawPath).toBe('/v1/models/big/versions/2:predict');
  });

  it('answers UNAVAILABLE when the function fails', async () => {
    const c = client({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload({ errorMessage: 'Runtime exited' }) });
    await expect(functionHeavyTarget('svc-dev-heavy', c).forward(REQUEST)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^the heavy target lambda:svc-dev-heavy failed: Unhandled: .*Runtime exited/) });
  });
});
