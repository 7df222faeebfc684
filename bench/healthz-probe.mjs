// The /healthz probe of bench/reliability.ts, in its own process: measured from the attacking process, a probe
// also waits for that process's own work (encoding 16 × 30 MB request bodies blocks the client's event loop for
// seconds), which is not the server's stall. One line per probe on stdout: "<start epoch ms> <waited ms> <ok 1|0>".
// usage: node bench/healthz-probe.mjs http://127.0.0.1:PORT   (runs until killed)
const url = `${process.argv[2]}/healthz`;
for (;;) {
  const at = Date.now();
  const t = performance.now();
  const ok = await fetch(url).then((r) => r.ok, () => false);
  process.stdout.write(`${at} ${(performance.now() - t).toFixed(1)} ${ok ? 1 : 0}\n`);
  await new Promise((r) => setTimeout(r, 20));
}
