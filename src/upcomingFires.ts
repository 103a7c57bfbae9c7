import { ISignal, Signal } from '@lumino/signaling';

import type { ApiClient } from './apiClient';
import type { Schedule } from './apiTypes';
import { schedulesToPreview } from './timelineMarks';
import { triggerKey } from './triggerPresets';

/** How many fire times one preview asks for (the sidecar's maximum). */
const PREVIEW_COUNT = 50;
/** At most this many schedules are previewed for the timeline; the others show their next run. */
const MAX_PREVIEWED = 100;
/** A preview is asked again after this long, or once its first time has passed. */
const STALE_MS = 10 * 60 * 1000;

interface IEntry {
  fetchedAt: number;
  times: string[];
}

/**
 * The fire times of the schedules on the upcoming-runs timeline, from `POST /preview` with a
 * larger count, cached by trigger (so a thousand schedules on a few triggers ask a few times).
 */
export class UpcomingFires {
  constructor(private readonly client: ApiClient) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The known fire times of a schedule, or undefined (the timeline then uses `nextRunAt`). */
  firesOf(schedule: Schedule): readonly string[] | undefined {
    return this._cache.get(triggerKey(schedule.trigger))?.times;
  }

  /** Ask the previews that are missing or stale for the schedules due inside the range. */
  update(schedules: readonly Schedule[], now: number, rangeMs: number): void {
    const wanted = new Map<string, Schedule>();
    for (const schedule of schedulesToPreview(schedules, now, rangeMs, MAX_PREVIEWED)) {
      const key = triggerKey(schedule.trigger);
      const entry = this._cache.get(key);
      const stale = !entry || now - entry.fetchedAt > STALE_MS || (entry.times[0] && Date.parse(entry.times[0]) < now);
      if (stale && !this._pending.has(key)) {
        wanted.set(key, schedule);
      }
    }
    for (const [key, schedule] of wanted) {
      this._pending.add(key);
      this.client
        .preview(schedule.trigger, PREVIEW_COUNT)
        .then(preview => {
          this._cache.set(key, { fetchedAt: Date.now(), times: preview.nextRuns });
          this._changed.emit();
        })
        .catch(() => {
          // The timeline falls back to nextRunAt for this schedule.
        })
        .finally(() => this._pending.delete(key));
    }
  }

  private _cache = new Map<string, IEntry>();
  private _pending = new Set<string>();
  private _changed = new Signal<this, void>(this);
}
