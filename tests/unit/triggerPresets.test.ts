import {
  ITriggerInputs,
  nameFromNotebook,
  PRESETS,
  presetToTrigger,
  triggerKey,
  triggerToPreset
} from '../../src/triggerPresets';

const inputs: ITriggerInputs = {
  time: '07:00',
  weekday: 1,
  dayOfMonth: 15,
  cron: '*/5 * * * *',
  minutes: 15,
  at: '2026-12-01T09:00',
  timezone: 'Europe/Berlin'
};

describe('presetToTrigger', () => {
  it.each([
    ['hourly', '0 * * * *'],
    ['daily', '0 7 * * *'],
    ['weekdays', '0 8-23 * * 1-5'],
    ['weekends', '0 9,15,21 * * 6,0'],
    ['weekly', '0 7 * * 1'],
    ['monthly', '0 7 15 * *'],
    ['cron', '*/5 * * * *']
  ] as const)('maps the %s preset to the cron %s in the chosen zone', (preset, cron) => {
    expect(presetToTrigger(preset, inputs)).toEqual({ trigger: { cron, timezone: 'Europe/Berlin' } });
  });

  it('reads the time of day with minutes', () => {
    expect(presetToTrigger('daily', { ...inputs, time: '18:45' }).trigger).toEqual({
      cron: '45 18 * * *',
      timezone: 'Europe/Berlin'
    });
  });

  it('maps every N minutes to everySeconds', () => {
    expect(presetToTrigger('interval', { ...inputs, minutes: 15 })).toEqual({ trigger: { everySeconds: 900 } });
  });

  it('refuses zero or fractional minutes, naming the field', () => {
    expect(presetToTrigger('interval', { ...inputs, minutes: 0 }).error?.field).toBe('trigger.everySeconds');
    expect(presetToTrigger('interval', { ...inputs, minutes: 1.5 }).error?.field).toBe('trigger.everySeconds');
  });

  it('maps once at a wall time to an ISO instant with the zone offset', () => {
    expect(presetToTrigger('once', inputs)).toEqual({ trigger: { at: '2026-12-01T09:00:00+01:00' } });
    expect(presetToTrigger('once', { ...inputs, at: '2026-07-01T09:00' }).trigger).toEqual({
      at: '2026-07-01T09:00:00+02:00'
    });
    expect(presetToTrigger('once', { ...inputs, at: '2026-07-01T09:00', timezone: 'UTC' }).trigger).toEqual({
      at: '2026-07-01T09:00:00+00:00'
    });
  });

  it('refuses an empty once time, naming trigger.at', () => {
    expect(presetToTrigger('once', { ...inputs, at: '' }).error?.field).toBe('trigger.at');
  });

  it('accepts a six-field cron with seconds and normalises spaces', () => {
    expect(presetToTrigger('cron', { ...inputs, cron: ' 30  0 * * * * ' }).trigger).toEqual({
      cron: '30 0 * * * *',
      timezone: 'Europe/Berlin'
    });
  });

  it('refuses a cron with the wrong number of fields under trigger.cron', () => {
    const result = presetToTrigger('cron', { ...inputs, cron: '0 * * *' });
    expect(result.error?.field).toBe('trigger.cron');
    expect(result.error?.message).toMatch(/5 fields/);
  });

  it('refuses a malformed time under trigger.time', () => {
    expect(presetToTrigger('daily', { ...inputs, time: '25:00' }).error?.field).toBe('trigger.time');
  });

  it('offers every preset the dialog names', () => {
    expect(PRESETS.map(p => p.label)).toEqual([
      'Every hour',
      'Every day at…',
      'Weekdays 8–23 hourly',
      'Weekends three times a day',
      'Weekly',
      'Monthly',
      'Every N minutes',
      'Once at…',
      'Custom cron'
    ]);
  });
});

describe('triggerToPreset', () => {
  it.each(['hourly', 'daily', 'weekdays', 'weekends', 'weekly', 'monthly', 'interval', 'once', 'cron'] as const)(
    'round-trips the %s preset',
    preset => {
      const trigger = presetToTrigger(preset, inputs).trigger!;
      const shown = triggerToPreset(trigger, { ...inputs, time: '00:00', cron: '', minutes: 1, at: '' });
      expect(shown.preset).toBe(preset);
      expect(presetToTrigger(shown.preset, shown.inputs).trigger).toEqual(trigger);
    }
  );

  it('shows an unusual cron as custom cron with its own zone', () => {
    expect(triggerToPreset({ cron: '0 0 1 1 *', timezone: 'UTC' }, inputs)).toEqual({
      preset: 'cron',
      inputs: { ...inputs, cron: '0 0 1 1 *', timezone: 'UTC' }
    });
  });
});

describe('triggerKey and nameFromNotebook', () => {
  it('keys triggers by their content', () => {
    expect(triggerKey({ cron: '0 * * * *', timezone: 'UTC' })).toBe(triggerKey({ cron: '0 * * * * ', timezone: 'UTC' }));
    expect(triggerKey({ everySeconds: 60 })).not.toBe(triggerKey({ everySeconds: 120 }));
  });

  it('names a schedule after the notebook file', () => {
    expect(nameFromNotebook('reports/sales/Daily digest.ipynb')).toBe('Daily digest');
    expect(nameFromNotebook('hello.ipynb')).toBe('hello');
  });
});
