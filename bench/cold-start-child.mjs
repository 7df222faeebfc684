// One cold start, measured inside a fresh Node process: import the bundled api handler, answer one predict
// (the request body read from a file first: an image body is too long for argv)
// (the model fetched from the S3 endpoint in the environment), print "answered" at once (the parent times
// spawn → that line), then `warm` more predicts, then one JSON line with the child's own timings.
const t0 = performance.now();
const { handler } = await import(process.argv[2]);
const imported = performance.now();
const [model, bodyFile, warm] = [process.argv[3], process.argv[4], Number(process.argv[5] ?? 0)];
const body = (await import('node:fs')).readFileSync(bodyFile, 'utf8');
const event = {
  version: '2.0', routeKey: 'POST /v1/models/{proxy+}', rawPath: `/v1/models/${model}:predict`, rawQueryString: '',
  headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false,
  requestContext: { http: { method: 'POST', path: `/v1/models/${model}:predict` }, stage: '$default', requestId: 'bench' },
};
const context = { getRemainingTimeInMillis: () => 30_000, awsRequestId: 'bench', callbackWaitsForEmptyEventLoop: true };
const first = await handler(event, context);
const done = performance.now();
const cpu = process.cpuUsage();
process.stdout.write('answered\n');
if (first.statusCode !== 200) throw new Error(`predict failed: ${first.statusCode} ${first.body}`);
const warmMs = [];
for (let i = 0; i < warm; i++) {
  const s = performance.now();
  await handler(event, context);
  warmMs.push(performance.now() - s);
}
// performance.timeOrigin is the process start; nodeTiming.bootstrapComplete is when user code could start.
const boot = performance.nodeTiming.bootstrapComplete;
console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, bootMs: boot, importMs: imported - t0, firstMs: done - imported, totalMs: done - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, warmMs }));
