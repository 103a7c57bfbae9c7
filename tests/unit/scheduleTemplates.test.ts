import * as fs from 'fs';
import * as path from 'path';

import { OUTPUT_FORMATS } from '../../src/apiTypes';
import { TEMPLATES } from '../../src/scheduleTemplates';
import { ITriggerInputs, presetCron } from '../../src/triggerPresets';

const inputs: ITriggerInputs = {
  time: '12:34',
  weekday: 3,
  dayOfMonth: 1,
  cron: '',
  minutes: 15,
  at: '',
  timezone: 'Europe/Berlin'
};

describe('schedule templates', () => {
  it('give the crons of the common patterns', () => {
    const crons = Object.fromEntries(
      TEMPLATES.map(t => [t.id, presetCron(t.preset, { ...inputs, ...t.inputs })])
    );
    expect(crons).toEqual({
      'weekdays-hourly': { cron: '0 8-23 * * 1-5' },
      'weekends-3x': { cron: '0 9,15,21 * * 6,0' },
      'daily-0700': { cron: '0 7 * * *' },
      'weekly-sunday-0200': { cron: '0 2 * * 0' }
    });
  });
});

describe('the default output formats setting', () => {
  it('offers exactly the formats the API accepts', () => {
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../schema/plugin.json'), 'utf8'));
    expect(schema.properties.defaultOutputFormats.items.enum).toEqual([...OUTPUT_FORMATS]);
  });
});
