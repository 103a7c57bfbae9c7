import * as React from 'react';

import { INotebookParameter, IParameterRow, parametersCellSource, parseParameters } from '../notebookParameters';
import { FieldErrorList, FieldErrors } from './FieldErrorList';

/** Reads a notebook's JSON through JupyterLab's contents API. */
export type ReadNotebook = (path: string) => Promise<unknown>;

/** Wait after the last keystroke in the notebook field before reading the notebook. */
const READ_DEBOUNCE_MS = 400;

export interface INotebookInfo {
  state: 'idle' | 'loading' | 'loaded' | 'error';
  /** The parameters of the cell tagged `parameters`; null when there is no such cell. */
  declared: INotebookParameter[] | null;
  /** The notebook's own kernelspec name, when its metadata names one. */
  kernelName: string | null;
  message: string;
}

/** The notebook's declared parameters and kernel, read again when its path changes. */
export function useNotebookInfo(read: ReadNotebook | undefined, path: string): INotebookInfo {
  const [info, setInfo] = React.useState<INotebookInfo>({ state: 'idle', declared: null, kernelName: null, message: '' });
  React.useEffect(() => {
    const trimmed = path.trim();
    if (!read || !trimmed.endsWith('.ipynb')) {
      setInfo({ state: 'idle', declared: null, kernelName: null, message: '' });
      return;
    }
    let current = true;
    setInfo(previous => ({ ...previous, state: 'loading' }));
    const timer = window.setTimeout(() => {
      read(trimmed)
        .then(notebook => {
          if (!current) {
            return;
          }
          const source = parametersCellSource(notebook);
          const kernel = (notebook as { metadata?: { kernelspec?: { name?: unknown } } })?.metadata?.kernelspec?.name;
          setInfo({
            state: 'loaded',
            declared: source === null ? null : parseParameters(source),
            kernelName: typeof kernel === 'string' ? kernel : null,
            message: ''
          });
        })
        .catch((reason: unknown) => {
          if (current) {
            const message = reason instanceof Error ? reason.message : String(reason);
            setInfo({ state: 'error', declared: null, kernelName: null, message });
          }
        });
    }, READ_DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [read, path]);
  return info;
}

export interface IParametersFieldsProps {
  rows: IParameterRow[];
  info: INotebookInfo;
  errors: FieldErrors;
  onChange: (rows: IParameterRow[]) => void;
}

function explanation(info: INotebookInfo, rows: IParameterRow[]): string {
  if (info.state === 'loading') {
    return 'Reading the notebook’s “parameters” cell…';
  }
  if (info.state === 'error') {
    return `Could not read the notebook: ${info.message}`;
  }
  if (info.state === 'loaded' && info.declared === null && rows.length === 0) {
    return 'The notebook has no cell tagged “parameters”; tag one to pass values to it.';
  }
  if (info.state === 'loaded' && rows.length === 0) {
    return 'The “parameters” cell assigns no simple literals.';
  }
  return '';
}

/** The parameters table: name, type and value, prefilled from the notebook's cell. */
export function ParametersFields(props: IParametersFieldsProps): JSX.Element {
  const { rows, info, errors } = props;
  const uid = React.useId();
  const note = explanation(info, rows);
  const setText = (index: number, text: string): void =>
    props.onChange(rows.map((row, i) => (i === index ? { ...row, text } : row)));
  return (
    <div className="jp-nbschedule-Field jp-nbschedule-Parameters" role="group" aria-labelledby={`${uid}-label`}>
      <div id={`${uid}-label`} className="jp-nbschedule-FieldLabel">
        Parameters (from the cell tagged “parameters”)
      </div>
      {note && <div className="jp-nbschedule-Help">{note}</div>}
      {rows.length > 0 && (
        <table className="jp-nbschedule-ParametersTable">
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.name} data-parameter={row.name}>
                <td>
                  <label htmlFor={`${uid}-${index}`}>{row.name}</label>
                </td>
                <td className="jp-nbschedule-ParametersTable-type">{row.type}</td>
                <td>
                  <input
                    id={`${uid}-${index}`}
                    className="jp-mod-styled"
                    value={row.text}
                    spellCheck={false}
                    aria-invalid={Boolean(errors[`parameters.${row.name}`])}
                    title={row.notebookText !== null ? `Notebook default: ${row.notebookText}` : 'Not in the notebook'}
                    onChange={e => setText(index, e.target.value)}
                  />
                </td>
                <td className="jp-nbschedule-ParametersTable-default">
                  {row.notebookText !== null && row.text !== row.notebookText && (
                    <button
                      type="button"
                      className="jp-nbschedule-LinkButton"
                      aria-label={`Reset ${row.name} to the notebook's default`}
                      onClick={() => setText(index, row.notebookText!)}
                    >
                      reset
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldErrorList errors={errors} slot="parameters" />
    </div>
  );
}
