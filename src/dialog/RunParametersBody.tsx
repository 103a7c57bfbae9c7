import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { Schedule } from '../apiTypes';
import { IParameterRow, mergeParameterRows, rowsToParameters } from '../notebookParameters';
import type { FieldErrors } from './FieldErrorList';
import { ParametersFields, ReadNotebook, useNotebookInfo } from './ParametersFields';

function RunParameters(props: {
  schedule: Schedule;
  readNotebook?: ReadNotebook;
  onRows: (rows: IParameterRow[]) => void;
  errors: FieldErrors;
}): JSX.Element {
  const { schedule } = props;
  const info = useNotebookInfo(props.readNotebook, schedule.notebook);
  const [rows, setRows] = React.useState<IParameterRow[]>(() => mergeParameterRows([], schedule.parameters ?? {}));
  React.useEffect(() => {
    if (info.state === 'loaded') {
      setRows(mergeParameterRows(info.declared ?? [], schedule.parameters ?? {}));
    }
  }, [info]);
  React.useEffect(() => {
    props.onRows(rows);
  }, [rows]);
  return (
    <div className="jp-nbschedule-RunParameters">
      <p>This run only; the schedule keeps its own values.</p>
      <ParametersFields rows={rows} info={info} errors={props.errors} onChange={setRows} />
    </div>
  );
}

/** The body of "Run with…": the schedule's parameters, to override for one run. */
export class RunParametersBody extends ReactWidget {
  constructor(private readonly schedule: Schedule, private readonly readNotebook?: ReadNotebook) {
    super();
    this.addClass('jp-nbschedule-RunParametersBody');
  }

  /** The parameters to send (every row), or an error sentence. */
  getValue(): { value: Record<string, unknown> } | { error: { field: string; message: string } } {
    return rowsToParameters(this._rows, { all: true });
  }

  setErrors(errors: FieldErrors): void {
    this._errors = errors;
    this.update();
  }

  protected render(): JSX.Element {
    return (
      <RunParameters
        schedule={this.schedule}
        readNotebook={this.readNotebook}
        errors={this._errors}
        onRows={rows => {
          this._rows = rows;
        }}
      />
    );
  }

  private _rows: IParameterRow[] = [];
  private _errors: FieldErrors = {};
}
