// Prometheus text exposition (format 0.0.4) for counters, gauges and histograms. Pure: the
// numbers come in, the text goes out.
export type Labels = Record<string, string>;

export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((le, i) => {
      if (value <= le) this.counts[i] += 1;
    });
  }
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
};
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

export type Family =
  | { name: string; help: string; type: 'counter' | 'gauge'; samples: Array<{ labels?: Labels; value: number }> }
  | { name: string; help: string; type: 'histogram'; histogram: Histogram };

export function exposition(families: Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
    if (f.type === 'histogram') {
      const h = f.histogram;
      h.buckets.forEach((le, i) => lines.push(`${f.name}_bucket{le="${num(le)}"} ${h.counts[i]}`));
      lines.push(`${f.name}_bucket{le="+Inf"} ${h.count}`, `${f.name}_sum ${num(h.sum)}`, `${f.name}_count ${h.count}`);
    } else {
      for (const s of f.samples) lines.push(`${f.name}${labelText(s.labels ?? {})} ${num(s.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}
