import { dirname, join } from 'node:path';
import { plural } from '../util/plural.js';
import { LIMITS } from '../compile/limits.js';
import type { Diagnostic } from '../errors.js';
import type { PackageResult } from '../pipeline.js';
import { diagnosticToJson } from './diagnostics.js';

/** The short summary `stepf package` prints: machines, resources written, parameters. */
export function summaryText(r: PackageResult, file: string): string {
  const lines: string[] = [];
  lines.push(`stepf: packaged ${r.service} (stage ${r.stage}, region ${r.region}) for stack ${r.stackName}`);
  lines.push('');
  lines.push('state machines:');
  const w = Math.max(...r.machines.map((m) => m.key.length), 3);
  const wl = Math.max(...r.machines.map((m) => m.logicalId.length), 3);
  for (const m of r.machines) {
    lines.push(`  ${m.key.padEnd(w)}  ${m.logicalId.padEnd(wl)}  ${m.type.padEnd(8)}  ${plural(m.states, 'state')}`);
  }
  if (!r.machines.length) lines.push('  (none)');
  const byType = new Map<string, number>();
  for (const res of Object.values(r.template.Resources)) byType.set(res.Type, (byType.get(res.Type) ?? 0) + 1);
  lines.push('');
  lines.push(`resources (${Object.keys(r.template.Resources).length}):`);
  for (const [t, n] of [...byType].sort()) lines.push(`  ${n} x ${t}`);
  if (r.parameters.length) {
    lines.push('');
    lines.push('parameters read from the Serverless stack at deploy:');
    for (const p of r.parameters) lines.push(`  ${p.name}: ${p.description}`);
  }
  lines.push('');
  const bytes = r.templateBytes;
  const viaS3 = bytes > LIMITS.templateInlineBytes ? `; over ${LIMITS.templateInlineBytes.toLocaleString('en-US')}, deploy uploads it to the deployment bucket` : '';
  lines.push(`template: ${file} (${bytes} bytes${viaS3})`);
  if (r.stacks.length) {
    const machines = new Set(r.machines.map((m) => m.logicalId));
    lines.push(`nested stacks: ${r.stacks.length} (one stack cannot hold the service), written to ${join(dirname(file), 'stacks')}`);
    for (const c of r.stacks) {
      const ids = Object.keys(c.template.Resources);
      lines.push(`  ${c.logicalId}: ${plural(ids.filter((id) => machines.has(id)).length, 'state machine')}, ${plural(ids.length, 'resource')}, ${plural(Object.keys(c.template.Outputs ?? {}).length, 'output')}, ${Buffer.byteLength(c.body)} bytes`);
    }
  }
  if (r.definitions.length) {
    lines.push(`definitions: ${plural(r.definitions.length, 'state machine')} read from the deployment bucket (the template is over ${LIMITS.templateBytes.toLocaleString('en-US')} bytes with them inline), written to ${join(dirname(file), 'definitions')}; deploy uploads the ones not there yet`);
  }
  return `${lines.join('\n')}\n`;
}

export function summaryJson(r: PackageResult, file: string): Record<string, unknown> {
  return {
    ok: true,
    service: r.service,
    stage: r.stage,
    region: r.region,
    stackName: r.stackName,
    serverlessStackName: r.serverlessStackName,
    template: file,
    templateBytes: r.templateBytes,
    // The S3 keys of definitions the template reads from the deployment bucket, by logical ID.
    ...(r.stacks.length ? { nestedStacks: Object.fromEntries(r.stacks.map((c) => [c.logicalId, Object.keys(c.template.Resources)])) } : {}),
    ...(r.definitions.length ? { definitionsInS3: Object.fromEntries(r.definitions.map((d) => [d.logicalId, d.key])) } : {}),
    // The whole definitions are in the template; the summary stays short.
    machines: r.machines.map(({ definition: _definition, ...m }) => m),
    resources: Object.fromEntries(Object.entries(r.template.Resources).map(([id, res]) => [id, res.Type])),
    parameters: r.parameters,
    warnings: r.warnings.map(diagnosticToJson),
  };
}
