// functions/warmer.ts against a recording Lambda client (the Lambda Invoke API cannot run here).
import { describe, expect, it, vi } from 'vitest';
import { servingErrorOf } from '../helpers/serving-error.ts';
import { RecordingLambda, warmReply, type ScriptedAnswer } from './recording-lambda.ts';

// functions/warmer.ts wires its module-scope handler from API_FUNCTION_NAME when imported.
vi.hoisted(() => {
  process.env.API_FUNCTION_NAME = 'tf-serverless-test-api';
});
const { createWarmerHandler, handler } = await import('../../functions/warmer.ts');

const API = 'tf-serverless-test-api';
const context = { functionName: 'tf-serverless-test-warmer', awsRequestId: 'w1', getRemainingTimeInMillis: () => 30_000 } as never;

function warmerWith(answer: (i: number) => ScriptedAnswer, concurrency?: number) {
  const lambda = new RecordingLambda(answer);
  const warm = createWarmerHandler({ functionName: API, client: lambda, ...(concurrency ? { concurrency } : {}) });
  return { lambda, warm };
}

describe('warmer', () => {
  it('invokes the api function N times at once, synchronously, with the warm-up payload', async () => {
    const { lambda, warm } = warmerWith(() => warmReply(true));
    const summary = await warm({ warmer: true, concurrency: 4, models: ['digits', 'half_plus_two'] }, context);
    expect(lambda.calls).toHaveLength(4);
    for (const call of lambda.calls) {
      expect(call).toEqual({ functionName: API, invocationType: 'RequestResponse', payload: { warmer: true, models: ['digits', 'half_plus_two'] } });
    }
    expect(lambda.maxInFlight).toBe(4);
    expect(summary).toEqual({
      functionName: API, invoked: 4, warmed: 4, coldStarts: 4, failed: 0, errors: [], models: ['digits', 'half_plus_two'], failedModels: [],
    });
  });

  it('uses its default concurrency and no models for a bare EventBridge scheduled event', async () => {
    const { lambda, warm } = warmerWith(() => warmReply(false), 2);
    const summary = await warm({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, context);
    expect(lambda.calls.map((c) => c.payload)).toEqual([{ warmer: true, models: [] }, { warmer: true, models: [] }]);
    expect(summary).toMatchObject({ invoked: 2, warmed: 2, coldStarts: 0, failed: 0 });
  });

  it('counts cold starts and reports each model that failed to load once', async () => {
    const broken = { model: 'digits', message: 'op X not supported' };
    const { warm } = warmerWith((i) => warmReply(i === 0, [broken]));
    const summary = await warm({ warmer: true, concurrency: 3, models: ['digits'] }, context);
    expect(summary).toMatchObject({ invoked: 3, warmed: 3, coldStarts: 1, failed: 0, failedModels: [broken] });
  });

  it('reports failed calls, function errors and replies that are not warm-up replies, without throwing', async () => {
    const answers: ScriptedAnswer[] = [
      { throws: 'Rate exceeded' },
      { functionError: 'Unhandled', reply: { errorType: 'Error', errorMessage: 'boom' } },
      { reply: { statusCode: 200, body: '{}' } },
      { throws: 'Rate exceeded' },
      warmReply(false),
    ];
    const { warm } = warmerWith((i) => answers[i]);
    const summary = await warm({ warmer: true, concurrency: 5 }, context);
    expect(summary).toMatchObject({ invoked: 5, warmed: 1, failed: 4 });
    expect(summary.errors).toEqual([
      'invoke failed: Rate exceeded',
      'function error (Unhandled): boom',
      'not a warm-up reply: {"statusCode":200,"body":"{}"}',
    ]);
  });

  it.each([
    ['concurrency 0', { warmer: true, concurrency: 0 }, 'concurrency must be an integer in 1..100'],
    ['concurrency above 100', { warmer: true, concurrency: 101 }, 'concurrency must be an integer in 1..100'],
    ['a fractional concurrency', { warmer: true, concurrency: 1.5 }, 'concurrency must be an integer in 1..100'],
    ['concurrency as a string', { warmer: true, concurrency: '3' }, 'concurrency must be a number'],
    ['models that are not names', { warmer: true, models: 'digits' }, 'models must be an array of model names'],
  ])('refuses a schedule input with %s, invoking nothing', async (_scenario, input, message) => {
    const { lambda, warm } = warmerWith(() => warmReply(false));
    await expect(warm(input, context)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(message) });
    expect(lambda.calls).toEqual([]);
  });

  it.each([
    ['no function name', { functionName: '' }, 'functionName is required'],
    ['an unknown option', { functionName: API, concurency: 2 }, 'unknown option concurency'],
    ['a default concurrency out of range', { functionName: API, concurrency: 500 }, 'concurrency must be an integer in 1..100'],
  ])('refuses to be built with %s', (_scenario, options, message) => {
    expect(servingErrorOf(() => createWarmerHandler(options as never)).message).toContain(message);
  });

  it('exports a middy handler wired at module scope', () => {
    expect(typeof handler).toBe('function');
    expect(typeof handler.use).toBe('function');
  });
});
