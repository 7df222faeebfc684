// `serve --monitoring_config_file`: TF Serving's MonitoringConfig decides where the Prometheus page is; a file
// that does not parse stops the server with TF Serving's words, in one line of stderr per message.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';
import { type ServeProcess, startServe } from '../helpers/serve-process.ts';

const exec = promisify(execFile);
const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

function monitoringFile(text: string): string {
  const file = join(tempBase(), 'monitoring.config');
  writeFileSync(file, text);
  return file;
}

async function serveWith(config: string): Promise<ServeProcess> {
  const base = tempBase();
  copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
  const p = await startServe(['--rest_api_port=0', '--port=0', '--host=127.0.0.1', `--model_base_path=${base}`, '--model_name=hpt', `--monitoring_config_file=${config}`]);
  running.push(p);
  return p;
}

describe('--monitoring_config_file', () => {
  it('serves TF Serving\'s metrics at prometheus_config.path', async () => {
    const p = await serveWith(monitoringFile('prometheus_config {\n  enable: true\n  path: "/my/metrics"\n}\n'));
    await fetch(`${p.url}/v1/models/hpt:predict`, { method: 'POST', body: '{"instances": [1.0]}' });
    const page = await fetch(`${p.url}/my/metrics`);
    expect(page.status).toBe(200);
    const count = parsePrometheusTextFormat(await page.text()).find((f) => f.name === ':tensorflow:serving:request_count');
    expect(count?.metrics).toContainEqual({ labels: { model_name: 'hpt', status: 'OK' }, value: '1' });
    expect((await fetch(`${p.url}/monitoring/prometheus/metrics`)).status).toBe(404);
  });

  it('uses /monitoring/prometheus/metrics when the path is empty, and no page when enable is false', async () => {
    const on = await serveWith(monitoringFile('prometheus_config { enable: true }'));
    expect((await fetch(`${on.url}/monitoring/prometheus/metrics`)).status).toBe(200);
    const off = await serveWith(monitoringFile('prometheus_config { enable: false path: "/m" }'));
    expect((await fetch(`${off.url}/monitoring/prometheus/metrics`)).status).toBe(404);
    expect((await fetch(`${off.url}/m`)).status).toBe(404);
  });

  it('refuses an unparsable file like TF Serving, exit 1', async () => {
    const file = monitoringFile('prometheus_config { enabled: true }');
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const e = await exec(process.execPath, [join(REPO_ROOT, 'bin/tf-serverless.js'), 'serve', '--rest_api_port=0', '--port=0', `--model_base_path=${base}`, `--monitoring_config_file=${file}`], { timeout: 60_000 }).then(() => undefined, (err) => err);
    expect(e?.code).toBe(1);
    expect(e.stderr).toMatch(/^tf-serverless serve: INVALID_ARGUMENT: Error parsing text-format tensorflow\.serving\.MonitoringConfig: .*monitoring\.config:1:\d+: .*enabled/);
    expect(e.stderr).toContain(`Invalid protobuf file: '${file}'`);
    expect(e.stderr).not.toMatch(/\n\s+at /);
  });
});
