// infra/ecs/heavy-target.yaml validated offline against AWS's CloudFormation resource specification
// (test/helpers/cfn-spec.ts), plus what the heavy target relies on: a GPU per task, /readyz behind the load
// balancer, models read from the S3 registry, the URL the api function forwards to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cfnProblems } from '../helpers/cfn-spec.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';

const template = parse(readFileSync(join(REPO_ROOT, 'infra/ecs/heavy-target.yaml'), 'utf8'));
const R = template.Resources;

describe('infra/ecs/heavy-target.yaml', () => {
  it('uses only existing resource types, valid property names and required properties', () => {
    expect(cfnProblems(template)).toEqual([]);
  }, 30_000);

  it.each([
    ['a misspelled property', (t: any) => (t.Resources.TaskDefinition.Properties.ContainerDefinitions[0].Imagee = 'x'), /ContainerDefinitions\[0\]\.Imagee: not a property/],
    ['a missing required property', (t: any) => delete t.Resources.InstanceSecurityGroup.Properties.GroupDescription, /InstanceSecurityGroup\.Properties\.GroupDescription: required, missing/],
    ['an unknown resource type', (t: any) => (t.Resources.Cluster.Type = 'AWS::ECS::Clustr'), /unknown resource type AWS::ECS::Clustr/],
    ['a reference to nothing', (t: any) => (t.Resources.Service.Properties.Cluster = { Ref: 'Clustr' }), /reference to undeclared Clustr/],
  ])('notices %s', (_s, breakIt, problem) => {
    const broken = structuredClone(template);
    breakIt(broken);
    expect(cfnProblems(broken).join('\n')).toMatch(problem);
  }, 30_000);

  it('gives each task a GPU, health-checks /readyz and reads models from S3', () => {
    const c = R.TaskDefinition.Properties.ContainerDefinitions[0];
    expect(c.ResourceRequirements).toEqual([{ Type: 'GPU', Value: '1' }]);
    expect(c.Command[1]['Fn::Sub']).toBe('--model_base_path=s3://${ModelsBucket}/${ModelsPrefix}/${ModelName}');
    expect(R.TargetGroup.Properties.HealthCheckPath).toBe('/readyz');
    expect(R.LaunchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Sub']).toMatch(/ECS_ENABLE_GPU_SUPPORT=true/);
    expect(template.Outputs.HeavyTargetUrl.Value['Fn::Sub']).toBe('http://${LoadBalancer.DNSName}:8501');
  });
});
