// One version for the whole project: the root package.json's.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// lib/version.js and src/version.ts both sit two levels below the repository root.
export const ROOT_PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export function readVersion(path = ROOT_PACKAGE_JSON): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Cannot read the project version: ${path} is missing (the sidecar reports the root package.json's version).`);
  }
  const version = (JSON.parse(text) as { version?: unknown }).version;
  if (typeof version !== 'string' || version === '') throw new Error(`${path} has no "version".`);
  return version;
}
