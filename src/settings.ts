import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ISignal, Signal } from '@lumino/signaling';

import { OUTPUT_FORMATS, OutputFormat } from './apiTypes';
import { browserTimeZone, isValidTimeZone } from './timeFormat';

/** The user's nbschedule settings (schema/plugin.json), with their defaults. */
export class NBScheduleSettings {
  /** IANA zone for new schedules; empty means the browser's. */
  defaultTimezone = '';
  defaultOutputFormats: OutputFormat[] = ['ipynb', 'html'];
  refreshIntervalSeconds = 10;
  /** Notify when a run started or watched here finishes. */
  notifications = true;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The zone new schedules start with: the setting when valid, else the browser's. */
  get timezone(): string {
    return isValidTimeZone(this.defaultTimezone) ? this.defaultTimezone : browserTimeZone();
  }

  /** Follow a plugin's settings from the registry. */
  connect(settings: ISettingRegistry.ISettings): void {
    this.load(settings);
    settings.changed.connect(() => this.load(settings));
  }

  private load(settings: ISettingRegistry.ISettings): void {
    const tz = settings.get('defaultTimezone').composite;
    this.defaultTimezone = typeof tz === 'string' ? tz.trim() : '';
    const formats = settings.get('defaultOutputFormats').composite;
    if (Array.isArray(formats)) {
      this.defaultOutputFormats = formats.filter(
        (f): f is OutputFormat => (OUTPUT_FORMATS as readonly unknown[]).includes(f)
      );
    }
    this.notifications = settings.get('notifications').composite !== false;
    const interval = settings.get('refreshIntervalSeconds').composite;
    if (typeof interval === 'number' && interval >= 1) {
      this.refreshIntervalSeconds = interval;
    }
    this._changed.emit();
  }

  private _changed = new Signal<this, void>(this);
}
