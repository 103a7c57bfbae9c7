import {
  formatAbsolute,
  formatDuration,
  formatInZone,
  formatRelative,
  isoToWallTime,
  isValidTimeZone,
  wallTimeToIso,
  zoneOffsetMinutes
} from '../../src/timeFormat';

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [38_000, '38 s'],
    [123_000, '2 m 03 s'],
    [3_900_000, '1 h 05 m'],
    [183_600_000, '2 d 3 h']
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats nothing for a missing or negative duration', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(undefined)).toBe('');
    expect(formatDuration(-1)).toBe('');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-23T06:46:00Z');
  it.each([
    ['2026-11-23T07:00:00Z', 'in 14 min'],
    ['2026-11-22T07:46:00Z', '23 h ago'],
    ['2026-11-23T06:45:50Z', 'just now'],
    ['2026-11-23T06:46:20Z', 'in a few seconds'],
    ['2026-11-26T06:46:00Z', 'in 3 d']
  ])('says %s is %s', (iso, text) => {
    expect(formatRelative(iso, now)).toBe(text);
  });

  it('says nothing for an unparseable time', () => {
    expect(formatRelative('soon', now)).toBe('');
  });
});

describe('formatting in a time zone', () => {
  it('shows a UTC instant as the wall time of the chosen zone', () => {
    expect(formatInZone('2026-11-23T06:00:00Z', 'Europe/Berlin')).toBe('Mon 23 Nov 07:00');
    expect(formatInZone('2026-11-23T06:00:00Z', 'America/New_York')).toBe('Mon 23 Nov 01:00');
    expect(formatAbsolute('2026-11-23T06:00:00Z', 'UTC')).toBe('Mon 23 Nov 2026 06:00 UTC');
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(formatInZone('2026-11-23T06:00:00Z', 'Mars/Olympus')).toBe('Mon 23 Nov 06:00');
  });

  it('knows zone offsets across DST', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('turns datetime-local wall times into instants and back', () => {
    expect(wallTimeToIso('2026-03-29T01:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00+01:00');
    expect(wallTimeToIso('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    expect(wallTimeToIso('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T09:00:00-04:00');
    expect(wallTimeToIso('not a time', 'UTC')).toBeNull();
    expect(isoToWallTime('2026-12-01T08:00:00Z', 'Europe/Berlin')).toBe('2026-12-01T09:00');
  });
});
