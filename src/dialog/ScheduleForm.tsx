import * as React from 'react';

import { ApiClient, ApiError } from '../apiClient';
import type { OutputFormat, Run, Schedule, ScheduleCreate, Trigger } from '../apiTypes';
import { IParameterRow, mergeParameterRows, rowsToParameters } from '../notebookParameters';
import { IPolicyInputs, policiesFromInputs, policyInputsFrom } from '../schedulePolicies';
import { applyTemplate } from '../scheduleTemplates';
import { browserTimeZone } from '../timeFormat';
import { defaultOnceTime, isCronPreset, ITriggerInputs, nameFromNotebook, PresetId, PRESETS } from '../triggerPresets';
import { presetCron, presetToTrigger, previewErrorField, triggerToPreset } from '../triggerPresets';
import { FieldErrorList, FieldErrors, withoutSlots } from './FieldErrorList';
import { IKernelChoice, OutputKernelFields } from './OutputKernelFields';
import { ParametersFields, ReadNotebook, useNotebookInfo } from './ParametersFields';
import { ReliabilityFields } from './ReliabilityFields';
import { TemplatePicker, TriggerFields } from './TriggerFields';
import { IPreviewState, TriggerPreview } from './TriggerPreview';

/** Wait after the last keystroke before asking the scheduler for a preview. */
const PREVIEW_DEBOUNCE_MS = 300;

export interface IScheduleFormProps {
  client: ApiClient;
  /** The schedule being edited; absent when creating. */
  schedule?: Schedule;
  /** Create a new schedule starting from a copy of this one (Clone). */
  copyOf?: Schedule;
  /** The notebook to prefill when creating. */
  notebook?: string;
  defaultTimezone: string;
  defaultOutputFormats: OutputFormat[];
  /** The server's kernelspecs, for the kernel picker. */
  kernels: IKernelChoice[];
  /** The kernels where runs execute; replace `kernels` when known. */
  loadKernels?: () => Promise<IKernelChoice[] | null>;
  /** Reads the notebook (contents API), for its parameters cell and kernel. */
  readNotebook?: ReadNotebook;
  onSaved: (schedule: Schedule) => void;
  /** A one-off run was started ("Run once now"): watch it. */
  onRunStarted?: (run: Run) => void;
  onCancel: () => void;
}

/** The schedule dialog's body: name, notebook, trigger presets, zone, live preview, buttons. */
export function ScheduleForm(props: IScheduleFormProps): JSX.Element {
  const { client, schedule } = props;
  /** Where the fields start from: the schedule edited, or the one cloned. */
  const source = schedule ?? props.copyOf;
  const initial = React.useMemo(() => {
    const defaults: ITriggerInputs = {
      time: '07:00',
      weekday: 1,
      dayOfMonth: 1,
      cron: '0 7 * * *',
      minutes: 15,
      at: defaultOnceTime(Date.now()),
      timezone: props.defaultTimezone || browserTimeZone()
    };
    return source
      ? triggerToPreset(source.trigger, defaults)
      : { preset: 'hourly' as PresetId, inputs: { ...defaults, cron: '0 * * * *' } };
  }, []);

  const notebookInitial = source?.notebook ?? props.notebook ?? '';
  const [name, setName] = React.useState(source?.name ?? nameFromNotebook(notebookInitial));
  const [notebook, setNotebook] = React.useState(notebookInitial);
  const [preset, setPreset] = React.useState<PresetId>(initial.preset);
  const [inputs, setInputs] = React.useState<ITriggerInputs>(initial.inputs);
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [previewState, setPreviewState] = React.useState<IPreviewState>({ loading: false, preview: null });
  const [busy, setBusy] = React.useState(false);
  const [info, setInfo] = React.useState('');
  const [policies, setPolicies] = React.useState<IPolicyInputs>(() => policyInputsFrom(source));
  const [paramRows, setParamRows] = React.useState<IParameterRow[]>(() => mergeParameterRows([], source?.parameters ?? {}));
  const [kernel, setKernel] = React.useState(source?.kernel ?? '');
  const [outputFormats, setOutputFormats] = React.useState<OutputFormat[]>(
    source?.outputFormats ?? props.defaultOutputFormats
  );
  const [kernels, setKernels] = React.useState(props.kernels);
  React.useEffect(() => {
    void props.loadKernels?.().then(found => found && setKernels(found));
  }, []);
  const notebookInfo = useNotebookInfo(props.readNotebook, notebook);
  const nameTouched = React.useRef(Boolean(source));

  // When the notebook is read, its parameters come in under the values already chosen.
  React.useEffect(() => {
    if (notebookInfo.state !== 'loaded') {
      return;
    }
    setParamRows(current => {
      const edited = rowsToParameters(current);
      const chosen = 'value' in edited ? edited.value : (source?.parameters ?? {});
      return mergeParameterRows(notebookInfo.declared ?? [], chosen);
    });
  }, [notebookInfo]);
  const previewSeq = React.useRef(0);

  const built = presetToTrigger(preset, inputs);
  const trigger: Trigger | undefined = built.trigger;
  const triggerJson = trigger ? JSON.stringify(trigger) : '';
  const localTriggerError = built.error;

  const setInput = <K extends keyof ITriggerInputs>(key: K, value: ITriggerInputs[K]): void => {
    setInputs(current => {
      const next = { ...current, [key]: value };
      // The cron field follows the chosen preset, so "Custom cron" starts from it.
      if (key !== 'cron' && isCronPreset(preset) && preset !== 'cron') {
        const cron = presetCron(preset, next);
        if ('cron' in cron) {
          next.cron = cron.cron;
        }
      }
      return next;
    });
  };

  const choosePreset = (id: PresetId): void => {
    setPreset(id);
    if (isCronPreset(id) && id !== 'cron') {
      setInputs(current => {
        const cron = presetCron(id, current);
        return 'cron' in cron ? { ...current, cron: cron.cron } : current;
      });
    }
  };

  const clearTriggerErrors = (current: FieldErrors): FieldErrors => withoutSlots(current, ['trigger']);

  // Live preview: debounced, and only the latest answer is shown.
  React.useEffect(() => {
    const seq = ++previewSeq.current;
    if (!trigger) {
      setPreviewState({ loading: false, preview: null });
      setErrors(current => ({ ...clearTriggerErrors(current), [localTriggerError!.field]: localTriggerError!.message }));
      return;
    }
    setPreviewState(current => ({ ...current, loading: true }));
    const timer = window.setTimeout(() => {
      client
        .preview(trigger, 5)
        .then(preview => {
          if (seq === previewSeq.current) {
            setPreviewState({ loading: false, preview });
            setErrors(current => clearTriggerErrors(current));
          }
        })
        .catch((reason: unknown) => {
          if (seq !== previewSeq.current) {
            return;
          }
          setPreviewState({ loading: false, preview: null });
          const error = reason instanceof ApiError ? reason : null;
          const field = previewErrorField(error?.field ?? null, trigger);
          setErrors(current => ({
            ...clearTriggerErrors(current),
            [field]: error ? error.message : String(reason)
          }));
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [triggerJson, localTriggerError?.message]);

  const setFieldFromError = (reason: unknown): void => {
    const error = reason instanceof ApiError ? reason : null;
    const field = error?.field ?? 'general';
    setErrors(current => ({ ...current, [field]: error ? error.message : String(reason) }));
  };

  const withoutField = (field: string): void =>
    setErrors(current => {
      const next = { ...current };
      delete next[field];
      delete next.general;
      return next;
    });

  const save = async (): Promise<void> => {
    if (!trigger) {
      return;
    }
    const problems: FieldErrors = {};
    if (!name.trim()) {
      problems.name = 'Give the schedule a name.';
    }
    if (!notebook.trim()) {
      problems.notebook = 'Give the path of a notebook, relative to the server root.';
    }
    const policyFields = policiesFromInputs(policies);
    if ('error' in policyFields) {
      problems[policyFields.error.field] = policyFields.error.message;
    }
    const parameters = rowsToParameters(paramRows);
    if ('error' in parameters) {
      problems[parameters.error.field] = parameters.error.message;
    }
    if (Object.keys(problems).length > 0 || 'error' in policyFields || 'error' in parameters) {
      setErrors(current => ({ ...current, ...problems }));
      return;
    }
    setBusy(true);
    setInfo('');
    try {
      const body: ScheduleCreate = {
        name: name.trim(),
        notebook: notebook.trim(),
        trigger,
        parameters: parameters.value,
        kernel: kernel || null,
        outputFormats,
        ...policyFields.value
      };
      const saved = schedule
        ? await client.updateSchedule(schedule.id, body)
        : await client.createSchedule({
            ...body,
            enabled: true,
            ...(props.copyOf ? { tags: props.copyOf.tags, description: props.copyOf.description } : {})
          });
      props.onSaved(saved);
    } catch (reason) {
      setFieldFromError(reason);
      setBusy(false);
    }
  };

  const runOnce = async (): Promise<void> => {
    if (!notebook.trim()) {
      setErrors(current => ({ ...current, notebook: 'Give the path of a notebook, relative to the server root.' }));
      return;
    }
    const parameters = rowsToParameters(paramRows, { all: true });
    const policyFields = policiesFromInputs(policies);
    if ('error' in parameters) {
      setErrors(current => ({ ...current, [parameters.error.field]: parameters.error.message }));
      return;
    }
    setBusy(true);
    setInfo('');
    try {
      const run = await client.createRun({
        notebook: notebook.trim(),
        parameters: parameters.value,
        kernel: kernel || null,
        outputFormats,
        timeoutSeconds: 'value' in policyFields ? policyFields.value.timeoutSeconds : null
      });
      props.onRunStarted?.(run);
      setInfo(`Started a one-off run (${run.status}). Its output will be under run ${run.id}.`);
    } catch (reason) {
      setFieldFromError(reason);
    } finally {
      setBusy(false);
    }
  };

  const browserZone = browserTimeZone();
  const previewZone = trigger && 'cron' in trigger ? inputs.timezone : inputs.timezone || browserZone;
  const uid = React.useId();
  const id = (part: string): string => `${uid}-${part}`;

  return (
    <form
      className="jp-nbschedule-ScheduleForm"
      onSubmit={event => {
        event.preventDefault();
        void save();
      }}
    >
      <h2 className="jp-nbschedule-ScheduleForm-title">
        {schedule ? `Edit “${schedule.name}”` : `Schedule “${notebook.split('/').pop() || 'a notebook'}”`}
      </h2>

      <div className="jp-nbschedule-Field">
        <label htmlFor={id('name')}>Name</label>
        <input
          id={id('name')}
          className="jp-mod-styled"
          value={name}
          aria-invalid={Boolean(errors.name)}
          onChange={event => {
            nameTouched.current = true;
            setName(event.target.value);
            withoutField('name');
          }}
        />
        <FieldErrorList errors={errors} slot="name" />
      </div>

      <div className="jp-nbschedule-Field">
        <label htmlFor={id('notebook')}>Notebook</label>
        <input
          id={id('notebook')}
          className="jp-mod-styled"
          value={notebook}
          placeholder="folder/notebook.ipynb"
          aria-invalid={Boolean(errors.notebook)}
          onChange={event => {
            const value = event.target.value;
            setNotebook(value);
            if (!nameTouched.current) {
              setName(nameFromNotebook(value));
            }
            withoutField('notebook');
          }}
        />
        <FieldErrorList errors={errors} slot="notebook" />
      </div>

      <fieldset className="jp-nbschedule-Field jp-nbschedule-Presets">
        <legend>When</legend>
        <TemplatePicker
          onPick={template => {
            setInputs(current => applyTemplate(template, current));
            setPreset(template.preset);
          }}
        />
        <div className="jp-nbschedule-Chips">
          {PRESETS.map(p => (
            <button
              key={p.id}
              type="button"
              className={`jp-nbschedule-Chip${p.id === preset ? ' jp-mod-selected' : ''}`}
              aria-pressed={p.id === preset}
              onClick={() => choosePreset(p.id)}
            >
              {p.label}
            </button>
          ))}
        </div>
      </fieldset>

      <TriggerFields
        preset={preset}
        inputs={inputs}
        errors={errors}
        setInput={setInput}
        onCron={value => {
          setPreset('cron');
          setInputs(current => ({ ...current, cron: value }));
        }}
      />
      <FieldErrorList errors={errors} slot="trigger" />

      <TriggerPreview state={previewState} zone={previewZone} />

      <ParametersFields
        rows={paramRows}
        info={notebookInfo}
        errors={errors}
        onChange={rows => {
          setParamRows(rows);
          setErrors(current => withoutSlots(current, ['parameters']));
        }}
      />
      <ReliabilityFields
        inputs={policies}
        errors={errors}
        onChange={next => {
          setPolicies(next);
          setErrors(current => withoutSlots(current, ['timeoutSeconds', 'retries', 'overlap', 'catchUp', 'keepRuns']));
        }}
      />
      <OutputKernelFields
        kernel={kernel}
        kernels={kernels}
        notebookKernel={notebookInfo.kernelName}
        outputFormats={outputFormats}
        errors={errors}
        onKernel={setKernel}
        onOutputFormats={setOutputFormats}
      />

      <FieldErrorList errors={errors} slot="general" />
      {info && <div className="jp-nbschedule-DialogInfo">{info}</div>}

      <div className="jp-nbschedule-ScheduleForm-buttons">
        <button type="button" className="jp-Button jp-mod-styled jp-mod-reject" disabled={busy} onClick={() => void runOnce()}>
          Run once now
        </button>
        <span className="jp-nbschedule-Row-spacer" />
        <button type="button" className="jp-Button jp-mod-styled jp-mod-reject" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="jp-Button jp-mod-styled jp-mod-accept" disabled={busy || !trigger}>
          Save schedule
        </button>
      </div>
    </form>
  );
}
