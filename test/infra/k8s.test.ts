// infra/k8s/heavy-target.yaml validated offline: every document against its Kubernetes schema (kubernetes-models:
// types, required fields, enums), then what the heavy target relies on. The schemas accept unknown fields, so a
// misplaced key would pass them: the checks below read each field where Kubernetes reads it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseModelConfigText } from '../../lib/registry/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';

const FILE = join(REPO_ROOT, 'infra/k8s/heavy-target.yaml');
const docs = parseAllDocuments(readFileSync(FILE, 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
const MODELS = { Deployment, HorizontalPodAutoscaler, ConfigMap, Service, ServiceAccount } as const;
const one = <K extends keyof typeof MODELS>(kind: K) => new MODELS[kind](docs.find((d) => d.kind === kind) as never) as InstanceType<(typeof MODELS)[K]>;

describe('infra/k8s/heavy-target.yaml', () => {
  it.each(docs.map((d) => [`${d.kind} ${d.metadata.name}`, d] as const))('%s is valid against its schema', (_s, doc) => {
    const Model = MODELS[doc.kind as keyof typeof MODELS];
    expect(Model, `no schema for kind ${doc.kind}`).toBeDefined();
    expect(() => new Model(doc as never).validate()).not.toThrow();
  });

  it('notices a schema violation (a string where Kubernetes wants an integer)', () => {
    const bad = structuredClone(docs.find((d) => d.kind === 'Deployment')) as any;
    bad.spec.replicas = 'two';
    expect(() => new Deployment(bad).validate()).toThrow(/replicas/);
  });

  it('runs the native engine on a GPU node with probes on /readyz and /healthz', () => {
    const pod = one('Deployment').spec!.template.spec!;
    const c = pod.containers[0];
    expect(pod.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(c.resources?.limits?.['nvidia.com/gpu']).toBe('1');
    expect(c.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c.ports?.map((p) => p.containerPort)).toEqual([8501, 8500]);
    expect(c.args).toContain('--model_config_file=/config/models.config');
    expect(c.volumeMounts?.[0].mountPath).toBe('/config');
  });

  it('selects the Deployment\'s pods from the Service and scales that Deployment', () => {
    const d = one('Deployment');
    expect(d.spec!.selector.matchLabels).toEqual(d.spec!.template.metadata!.labels);
    expect(one('Service').spec!.selector).toEqual(d.spec!.template.metadata!.labels);
    expect(one('HorizontalPodAutoscaler').spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata!.name });
    expect(d.spec!.template.spec!.serviceAccountName).toBe(one('ServiceAccount').metadata!.name);
  });

  it('mounts a models.config that `serve` reads, with S3 registry base paths', () => {
    const text = one('ConfigMap').data!['models.config'];
    const models = parseModelConfigText(text);
    expect(models.length).toBeGreaterThan(0);
    for (const m of models) expect(m.basePath).toMatch(/^s3:\/\//);
  });
});
