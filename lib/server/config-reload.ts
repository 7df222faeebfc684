// Model config reloads while serving, like TF Serving's ServerCore::ReloadConfig: re-reading --model_config_file
// every --model_config_file_poll_wait_seconds (main.cc's file poller), and HandleReloadConfigRequest over gRPC.
// A config that cannot be read or parsed keeps the current one serving; the reason is logged.
import { isServingError } from '../errors/index.ts';
import type { ModelManager, VersionSource } from '../loader/index.ts';
import { type ModelConfig, readModelConfigFile } from '../registry/index.ts';
import type { ServerLog } from './server-log.ts';

export class ConfigReloader {
  private timer: NodeJS.Timeout | undefined;
  private lastText: string | undefined;
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly manager: ModelManager,
    private readonly sourceFor: (config: ModelConfig) => VersionSource,
    private readonly log: ServerLog,
  ) {}

  /** Makes `models` the served set; one reload at a time, in call order. Throws (nothing changed) on a bad source. */
  apply(models: ModelConfig[]): Promise<void> {
    const run = this.applying.then(async () => {
      const managed = models.map((config) => ({ config, source: this.sourceFor(config) }));
      this.log(`Reloading model config: ${models.map((m) => m.name).join(', ') || '(no models)'}`);
      await this.manager.setModels(managed);
    });
    this.applying = run.catch(() => undefined);
    return run;
  }

  /** Re-reads `file` every `seconds` and applies it when its models changed; `initial` is what serves now. */
  watch(file: string, seconds: number, initial: ModelConfig[]): void {
    if (seconds <= 0 || this.timer) return;
    this.lastText = describe(initial);
    this.timer = setInterval(() => void this.poll(file), seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(file: string): Promise<void> {
    let models: ModelConfig[];
    try {
      models = await readModelConfigFile(file);
    } catch (e) {
      const why = isServingError(e) ? e.message : String(e);
      if (this.lastError !== why) this.log(`Model config ${file} cannot be used; keeping the current models: ${why}`, 'error');
      this.lastError = why;
      return;
    }
    this.lastError = undefined;
    const text = describe(models);
    if (text === this.lastText) return;
    this.lastText = text;
    await this.apply(models).catch((e: unknown) => this.log(`Reloading ${file} failed; keeping the current models: ${isServingError(e) ? e.message : String(e)}`, 'error'));
  }

  private lastError: string | undefined;
}

/** A comparable rendering of a model list (Maps and bigints included). */
function describe(models: ModelConfig[]): string {
  return JSON.stringify(models, (_k, v: unknown) => (v instanceof Map ? [...v] : typeof v === 'bigint' ? v.toString() : v));
}
