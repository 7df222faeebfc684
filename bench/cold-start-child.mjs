// One cold start, measured inside a fresh Node process: import the bundled api handler, answer one predict
// (the model fetched from the S3 endpoint in the environment), then `warm` more predicts. Prints one JSON line.
const t0 = performance.now();
const { handler } = await import(process.argv[2]);
const imported = performance.now();
const [model, body, warm] = [process.argv[3], process.argv[4], Number(process.argv[5] ?? 0)];
const event = {
  version: '2.0', routeKey: 'POST /v1/models/{proxy+}', rawPath: `/v1/models/${model}:predict`, rawQueryString: '',
  headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false,
  requestContext: { http: { method: 'POST', path: `/v1/models/${model}:predict` }, stage: '$default', requestId: 'bench' },
};
const context = { getRemainingTimeInMillis: () => 30_000, awsRequestId: 'bench', callbackWaitsForEmptyEventLoop: true };
const first = await handler(event, context);
const done = performance.now();
if (first.statusCode !== 200) throw new Error(`predict failed: ${first.statusCode} ${first.body}`);
const warmMs = [];
for (let i = 0; i < warm; i++) {
  const s = performance.now();
  await handler(event, context);
  warmMs.push(performance.now() - s);
}
console.log(JSON.stringify({ importMs: imported - t0, firstMs: done - imported, totalMs: done - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, warmMs }));
