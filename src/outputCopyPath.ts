/** The path a run's executed notebook is copied to: beside the original, `<name>.run-<short id>.ipynb`. */
export function outputCopyPath(notebook: string, runId: string): string {
  const slash = notebook.lastIndexOf('/');
  const folder = slash >= 0 ? notebook.slice(0, slash + 1) : '';
  const base = notebook.slice(slash + 1).replace(/\.ipynb$/i, '');
  const shortId = runId.replace(/[^A-Za-z0-9]/g, '').slice(-8) || 'run';
  return `${folder}${base}.run-${shortId}.ipynb`;
}
