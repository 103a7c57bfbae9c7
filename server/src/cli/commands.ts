// `nbschedule list | status | run <schedule> | export [file] | import <file>`: the operator's
// command line. Talks to a running sidecar when NBSCHEDULE_URL is set, else works directly on
// the data dir. Tables for people by default, --json for scripts.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseConfig } from '../config.js';
import { DomainError } from '../core/errors.js';
import { entriesFromJobDefinitions } from '../core/jupyter-scheduler.js';
import { stableJson } from '../core/schedule-document.js';
import type { ImportEntries } from '../schedule-import.js';
import { CliError, type Backend, type ImportView, type RunView } from './backend.js';
import { DataDirBackend } from './data-dir-backend.js';
import { HttpBackend } from './http-backend.js';
import { readJobDefinitions } from './jupyter-scheduler-db.js';
import { table } from './table.js';

export const USAGE = `usage: nbschedule <command> [options]

  serve                          run the sidecar (scheduler and API) on its own
  status                         the sidecar's health and counts
  list                           every schedule: trigger, next run, last run
  run <schedule> [--wait]        run a schedule (name or id) now; --wait until it finishes
  export [file]                  every schedule as a versionable JSON document (stdout without file)
  import <file> [--dry-run]      create or update schedules by name from such a document
  import --from-jupyter-scheduler <scheduler.sqlite> [--dry-run]
                                 bring over jupyter-scheduler's job definitions

  --json                         machine-readable output

With NBSCHEDULE_URL (and NBSCHEDULE_TOKEN) set, commands talk to that running sidecar;
otherwise they work directly on the data dir (NBSCHEDULE_DATA_DIR).
`;

export type Io = { out: (text: string) => void; err: (text: string) => void };
export type CliContext = { env: Record<string, string | undefined>; cwd: string; version: string; io: Io; pollMs?: number };

const FINISHED = new Set(['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted', 'skipped']);

function openBackend(ctx: CliContext): Backend {
  const url = ctx.env.NBSCHEDULE_URL?.trim();
  if (url) return new HttpBackend(url, ctx.env.NBSCHEDULE_TOKEN ?? '');
  const config = parseConfig(ctx.env, ctx.cwd, { requireToken: false });
  return new DataDirBackend(config.dataDir, config.rootDir, ctx.version);
}

/** Runs one command; resolves with the process exit code. Never throws. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        wait: { type: 'boolean', default: false },
        'from-jupyter-scheduler': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    ctx.io.err(`nbschedule: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...args] = parsed.positionals;
  const opts = parsed.values;
  if (opts.help || !command || command === 'help') {
    ctx.io.out(USAGE);
    return command || opts.help ? 0 : 2;
  }
  if (!['status', 'list', 'run', 'export', 'import'].includes(command)) {
    ctx.io.err(`nbschedule: unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  let backend: Backend | null = null;
  try {
    backend = openBackend(ctx);
    return await dispatch(command, args, opts, backend, ctx);
  } catch (error) {
    if (error instanceof CliError || error instanceof DomainError || (error as Error).name === 'ConfigError') {
      const field = error instanceof DomainError && error.field ? ` (${error.field})` : '';
      ctx.io.err(`nbschedule: ${(error as Error).message}${field}\n`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    ctx.io.err(`nbschedule: ${(error as Error).stack ?? error}\n`);
    return 1;
  } finally {
    await backend?.close();
  }
}

type Opts = { json: boolean; 'dry-run': boolean; wait: boolean; 'from-jupyter-scheduler': boolean };

async function dispatch(command: string, args: string[], opts: Opts, backend: Backend, ctx: CliContext): Promise<number> {
  const { out } = ctx.io;
  switch (command) {
    case 'status': {
      const s = await backend.status();
      if (opts.json) out(JSON.stringify(s, null, 2) + '\n');
      else {
        const rows = [
          ['state', String(s.state)],
          ['version', String(s.version)],
          ['from', backend.where],
          ['schedules', String(s.counts.schedules)],
          ['queued runs', String(s.counts.queued)],
          ['running runs', String(s.counts.running)],
          ['next due', s.nextDueAt ?? '-'],
        ];
        out(table(['', ''], rows).split('\n').slice(1).join('\n'));
      }
      return 0;
    }
    case 'list': {
      const items = await backend.schedules();
      if (opts.json) out(JSON.stringify(items, null, 2) + '\n');
      else if (items.length === 0) out(`No schedules (${backend.where}).\n`);
      else {
        out(table(
          ['NAME', 'NOTEBOOK', 'WHEN', 'ENABLED', 'NEXT RUN', 'LAST RUN', 'ID'],
          items.map((s) => [s.name, s.notebook, s.triggerDescription, s.enabled ? 'yes' : 'no', s.nextRunAt ?? '-', s.lastRun ? s.lastRun.status : '-', s.id]),
        ));
      }
      return 0;
    }
    case 'run': {
      const wanted = args[0];
      if (!wanted) throw new CliError('run needs a schedule name or id: nbschedule run <schedule>', 2);
      const all = await backend.schedules();
      const matches = all.filter((s) => s.id === wanted || s.name === wanted);
      if (matches.length === 0) throw new CliError(`No schedule is named or has the id ${JSON.stringify(wanted)}.`);
      if (matches.length > 1) throw new CliError(`${matches.length} schedules are named ${JSON.stringify(wanted)}; give the id (nbschedule list).`);
      let run = await backend.runNow(matches[0].id);
      if (opts.wait) {
        while (!FINISHED.has(run.status)) {
          await new Promise((r) => setTimeout(r, ctx.pollMs ?? 1000));
          run = await backend.run(run.id);
        }
      }
      if (opts.json) out(JSON.stringify(run, null, 2) + '\n');
      else out(runSentence(run, matches[0].name, backend) + '\n');
      return opts.wait && run.status !== 'succeeded' ? 1 : 0;
    }
    case 'export': {
      const text = stableJson(await backend.exportDocument());
      if (args[0]) {
        await writeFile(args[0], text);
        ctx.io.err(`Wrote ${JSON.parse(text).schedules.length} schedules to ${args[0]}.\n`);
      } else out(text);
      return 0;
    }
    case 'import': {
      const file = args[0];
      if (!file) throw new CliError('import needs a file: nbschedule import <file> [--dry-run]', 2);
      let entries: ImportEntries;
      let skipped: Array<{ name: string; reason: string }> = [];
      if (opts['from-jupyter-scheduler']) {
        const migrated = entriesFromJobDefinitions(readJobDefinitions(file));
        entries = migrated.entries;
        skipped = migrated.skipped;
      } else {
        entries = await readDocument(file);
      }
      const result = await backend.importDocument(entries, opts['dry-run']);
      if (opts.json) out(JSON.stringify({ ...result, skipped }, null, 2) + '\n');
      else out(importReport(result, skipped));
      return 0;
    }
  }
  return 2;
}

async function readDocument(file: string): Promise<ImportEntries> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`Cannot read ${file}.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const schedules = (doc as { schedules?: unknown })?.schedules;
  if (!Array.isArray(schedules)) throw new CliError(`${file} has no "schedules" list; is it a file from nbschedule export?`);
  return schedules as ImportEntries;
}

function runSentence(run: RunView, name: string, backend: Backend): string {
  if (run.status === 'queued') {
    return backend instanceof DataDirBackend
      ? `Queued run ${run.id} of "${name}" in ${backend.where}; the sidecar serving this data dir starts it at its next wake-up.`
      : `Queued run ${run.id} of "${name}".`;
  }
  return `Run ${run.id} of "${name}": ${run.status}${run.error ? ` — ${run.error}` : ''}.`;
}

function importReport(result: ImportView, skipped: Array<{ name: string; reason: string }>): string {
  const verb = result.dryRun ? 'would ' : '';
  const rows = result.items.map((i) => [i.action, i.name, i.changes.join(', ')]);
  let text = result.items.length ? table(['ACTION', 'NAME', 'CHANGES'], rows) : '';
  for (const s of skipped) text += `skipped "${s.name}": ${s.reason}\n`;
  const c = result.counts;
  text += `${result.dryRun ? 'Dry run: ' : ''}${verb}create ${c.create}, ${verb}update ${c.update}, ${c.unchanged} unchanged.\n`;
  return text;
}
