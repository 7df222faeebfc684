// Offline CloudFormation template checks against AWS's resource specification (@aws-cdk/aws-service-spec, the
// database CDK generates its L1 constructs from): resource types exist, required properties are present, property
// names are valid at every nesting level, and scalar values have the declared type. Intrinsic functions (Ref,
// Fn::*) stand for any value. Parameters referenced by Ref must be declared or be resources/pseudo parameters.
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

type SpecDb = ReturnType<typeof loadAwsServiceSpecSync>;
type PropType = { type: string; element?: PropType; types?: PropType[]; reference?: { $ref: string } };
type PropSpec = { type: PropType; required?: boolean };

let db: SpecDb | undefined;
const spec = () => (db ??= loadAwsServiceSpecSync());

const isIntrinsic = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
  && Object.keys(v).length === 1 && /^(Ref|Condition|Fn::)/.test(Object.keys(v)[0]);

function checkValue(value: unknown, type: PropType, where: string, problems: string[]): void {
  if (isIntrinsic(value)) return;
  switch (type.type) {
    case 'string': case 'date-time':
      if (typeof value !== 'string') problems.push(`${where}: expected a string, got ${JSON.stringify(value)}`);
      return;
    case 'integer': case 'number':
      if (typeof value !== 'number' && !(typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))) problems.push(`${where}: expected a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') problems.push(`${where}: expected a boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${where}: expected a list`);
      else value.forEach((v, i) => checkValue(v, type.element!, `${where}[${i}]`, problems));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${where}: expected a map`);
      else for (const [k, v] of Object.entries(value)) checkValue(v, type.element!, `${where}.${k}`, problems);
      return;
    case 'ref': {
      const def = spec().get('typeDefinition', type.reference!.$ref) as unknown as { name: string; properties: Record<string, PropSpec> };
      checkProperties(value, def.properties, `${where}`, problems);
      return;
    }
    case 'union': {
      const attempts = type.types!.map((t) => { const p: string[] = []; checkValue(value, t, where, p); return p; });
      if (!attempts.some((p) => p.length === 0)) problems.push(...attempts[0]);
      return;
    }
    default: // json, tag: free-form
  }
}

function checkProperties(value: unknown, props: Record<string, PropSpec>, where: string, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${where}: expected an object`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = props[k];
    if (!p) problems.push(`${where}.${k}: not a property (known: ${Object.keys(props).sort().join(', ')})`);
    else checkValue(v, p.type, `${where}.${k}`, problems);
  }
  for (const [k, p] of Object.entries(props)) if (p.required && !(k in value)) problems.push(`${where}.${k}: required, missing`);
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

function refs(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.push(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v)) out.push(String(v[0]));
      else if (k === 'Fn::Sub' && typeof v === 'string') for (const m of v.matchAll(/\$\{([^}!]+)\}/g)) out.push(m[1].split('.')[0]);
      else refs(v, out);
    }
  }
  return out;
}

/** Every problem found in `template` (a parsed CloudFormation template), [] when none. */
export function cfnProblems(template: Record<string, any>): string[] {
  const problems: string[] = [];
  const names = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Resources ?? {}), ...PSEUDO]);
  for (const [name, r] of Object.entries<Record<string, any>>(template.Resources ?? {})) {
    const found = spec().lookup('resource', 'cloudFormationType', 'equals', r.Type);
    if (found.length !== 1) {
      problems.push(`${name}: unknown resource type ${r.Type}`);
      continue;
    }
    checkProperties(r.Properties ?? {}, (found[0] as unknown as { properties: Record<string, PropSpec> }).properties, `${name}.Properties`, problems);
    for (const dep of [r.DependsOn ?? []].flat()) if (!(dep in (template.Resources ?? {}))) problems.push(`${name}.DependsOn: no resource ${dep}`);
  }
  for (const ref of refs({ r: template.Resources, o: template.Outputs }, [])) if (!names.has(ref)) problems.push(`reference to undeclared ${ref}`);
  return problems;
}
