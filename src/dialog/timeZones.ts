import { browserTimeZone } from '../timeFormat';

let cached: string[] | null = null;

/** Every IANA zone the browser knows, with UTC, the browser's zone and `current` included. */
export function timeZoneChoices(current: string): string[] {
  if (!cached) {
    let zones: string[] = [];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = [];
    }
    cached = [...new Set(['UTC', browserTimeZone(), ...zones])].sort();
  }
  return current && !cached.includes(current) ? [current, ...cached] : cached;
}
