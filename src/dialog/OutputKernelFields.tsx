import * as React from 'react';

import { OUTPUT_FORMATS, OutputFormat } from '../apiTypes';
import { FieldErrorList, FieldErrors } from './FieldErrorList';

/** A kernelspec the server offers. */
export interface IKernelChoice {
  name: string;
  displayName: string;
}

const FORMAT_LABELS: Record<OutputFormat, string> = {
  ipynb: 'Executed .ipynb (always kept)',
  html: 'HTML report',
  markdown: 'Markdown (.md)',
  script: 'Script (.py, .r, .jl)'
};

export interface IOutputKernelFieldsProps {
  kernel: string;
  kernels: IKernelChoice[];
  notebookKernel: string | null;
  outputFormats: OutputFormat[];
  errors: FieldErrors;
  onKernel: (kernel: string) => void;
  onOutputFormats: (formats: OutputFormat[]) => void;
}

/** The "Outputs and kernel" section: which formats each run keeps, and which kernel runs it. */
export function OutputKernelFields(props: IOutputKernelFieldsProps): JSX.Element {
  const { kernel, kernels, notebookKernel, outputFormats, errors } = props;
  const uid = React.useId();
  const choices = kernel && !kernels.some(k => k.name === kernel) ? [...kernels, { name: kernel, displayName: kernel }] : kernels;
  const toggle = (format: OutputFormat, on: boolean): void => {
    const next = OUTPUT_FORMATS.filter(f => f === 'ipynb' || (f === format ? on : outputFormats.includes(f)));
    props.onOutputFormats(next);
  };
  const open = Object.keys(errors).some(f => f.startsWith('kernel') || f.startsWith('outputFormats'));
  return (
    <details className="jp-nbschedule-Section" open={open || undefined}>
      <summary>Outputs and kernel</summary>
      <fieldset className="jp-nbschedule-Field jp-nbschedule-Formats">
        <legend>Keep of each run</legend>
        {OUTPUT_FORMATS.map(format => (
          <label key={format} className="jp-nbschedule-Check">
            <input
              type="checkbox"
              checked={format === 'ipynb' || outputFormats.includes(format)}
              disabled={format === 'ipynb'}
              onChange={e => toggle(format, e.target.checked)}
            />{' '}
            {FORMAT_LABELS[format] ?? format}
          </label>
        ))}
        <div className="jp-nbschedule-Help">The run’s log is always kept.</div>
        <FieldErrorList errors={errors} slot="outputFormats" />
      </fieldset>
      <div className="jp-nbschedule-Field">
        <label htmlFor={`${uid}-kernel`}>Kernel</label>
        <select id={`${uid}-kernel`} className="jp-mod-styled" value={kernel} onChange={e => props.onKernel(e.target.value)}>
          <option value="">The notebook’s own{notebookKernel ? ` (${notebookKernel})` : ''}</option>
          {choices.map(k => (
            <option key={k.name} value={k.name}>
              {k.displayName}
            </option>
          ))}
        </select>
        <FieldErrorList errors={errors} slot="kernel" />
      </div>
    </details>
  );
}
