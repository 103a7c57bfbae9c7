// Every schedule default in one literal, so the API, the store and the docs agree.
export const SCHEDULE_DEFAULTS = Object.freeze({
  enabled: true,
  parameters: {} as Record<string, unknown>,
  kernel: null as string | null,
  outputFormats: ['ipynb', 'html'] as Array<'ipynb' | 'html'>,
  timeoutSeconds: null as number | null,
  retries: { max: 0, delaySeconds: 60, backoff: 2 },
  overlap: 'skip' as const,
  catchUp: 'latest' as const,
  keepRuns: 100,
  tags: [] as string[],
  description: '',
});

/** Limits on user text and lists, checked by the HTTP schemas. */
export const LIMITS = Object.freeze({
  nameLength: 200,
  descriptionLength: 2000,
  tags: 20,
  tagLength: 64,
  notebookLength: 1024,
  bodyBytes: 1024 * 1024,
  listDefault: 50,
  listMax: 500,
  previewRuns: 5,
  catchUpAllCap: 100,
  everySecondsMin: 1,
  timeoutSecondsMax: 7 * 24 * 3600,
  retriesMax: 10,
});
