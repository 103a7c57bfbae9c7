// The kernelspecs installed where the sidecar runs nbconvert (`jupyter kernelspec list --json`),
// through the process runner: a chosen kernel is checked before the run, and its language
// decides how parameters are written.
import type { ProcessRunner } from '../ports.js';

export type Kernelspec = { name: string; displayName: string; language: string };

export async function listKernelspecs(runner: ProcessRunner, jupyter: string, signal: AbortSignal, cwd: string): Promise<Kernelspec[] | null> {
  const result = await runner.run({
    file: jupyter,
    args: ['kernelspec', 'list', '--json'],
    cwd,
    timeoutMs: 30_000,
    signal,
    keepBytes: 1024 * 1024,
  });
  if (result.ended !== 'exited' || result.exitCode !== 0) return null;
  return parseKernelspecList(result.output);
}

/** Parses `jupyter kernelspec list --json`; null when it is not that. */
export function parseKernelspecList(output: string): Kernelspec[] | null {
  const start = output.indexOf('{');
  if (start < 0) return null;
  try {
    const json = JSON.parse(output.slice(start, output.lastIndexOf('}') + 1)) as { kernelspecs?: Record<string, { spec?: { display_name?: string; language?: string } }> };
    return Object.entries(json.kernelspecs ?? {})
      .map(([name, k]) => ({ name, displayName: k.spec?.display_name ?? name, language: k.spec?.language ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return null;
  }
}
