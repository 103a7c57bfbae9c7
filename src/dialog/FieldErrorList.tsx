import * as React from 'react';

export type FieldErrors = Record<string, string>;

/** Where each API error field is shown; any other field goes to the form's foot. */
const FIELD_SLOTS = [
  'name',
  'notebook',
  'trigger',
  'parameters',
  'kernel',
  'outputFormats',
  'timeoutSeconds',
  'retries',
  'overlap',
  'catchUp',
  'keepRuns'
] as const;

export function slotOf(field: string | null): string {
  if (!field) {
    return 'general';
  }
  for (const slot of FIELD_SLOTS) {
    if (field === slot || field.startsWith(`${slot}.`) || field.startsWith(`${slot}/`)) {
      return slot;
    }
  }
  return 'general';
}

/** The errors without those shown in the given slots. */
export function withoutSlots(errors: FieldErrors, slots: string[]): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => !slots.includes(slotOf(field))));
}

/** The errors of one slot, each under its field with `data-field` naming the API field. */
export function FieldErrorList(props: { errors: FieldErrors; slot: string }): JSX.Element | null {
  const entries = Object.entries(props.errors).filter(
    ([field]) => slotOf(field === 'general' ? null : field) === props.slot
  );
  if (entries.length === 0) {
    return null;
  }
  return (
    <>
      {entries.map(([field, message]) => (
        <div key={field} className="jp-nbschedule-FieldError" data-field={field} role="alert">
          {message}
        </div>
      ))}
    </>
  );
}
