// Notebooks are named relative to the Jupyter server's root dir and must stay inside it,
// after symlinks are resolved, so a schedule can never run a file the user could not open.
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ValidationError } from './core/errors.js';

function reject(message: string): ValidationError {
  return new ValidationError('NOTEBOOK_INVALID', message, 'notebook');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
}

/** Returns the notebook's real absolute path, or throws a ValidationError saying what is wrong. */
export async function resolveNotebook(rootDir: string, notebook: string): Promise<string> {
  if (notebook.trim() === '') throw reject('A notebook path is required.');
  if (isAbsolute(notebook) || /^[A-Za-z]:[\\/]/.test(notebook)) {
    throw reject(`"${notebook}" is an absolute path; give the path relative to the Jupyter root folder.`);
  }
  if (notebook.split(/[\\/]/).includes('..')) {
    throw reject(`"${notebook}" goes outside the Jupyter root folder with "..".`);
  }
  if (!notebook.toLowerCase().endsWith('.ipynb')) {
    throw reject(`"${notebook}" is not a notebook: only .ipynb files can be scheduled.`);
  }
  const root = await realpath(rootDir);
  let real: string;
  try {
    real = await realpath(join(root, notebook));
  } catch {
    throw reject(`"${notebook}" does not exist in the Jupyter root folder.`);
  }
  if (!inside(root, real)) {
    throw reject(`"${notebook}" is a link to a file outside the Jupyter root folder.`);
  }
  if (!(await stat(real)).isFile()) throw reject(`"${notebook}" is not a file.`);
  if (!real.toLowerCase().endsWith('.ipynb')) {
    throw reject(`"${notebook}" links to a file that is not a notebook.`);
  }
  return real;
}
