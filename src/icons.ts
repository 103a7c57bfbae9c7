import { LabIcon } from '@jupyterlab/ui-components';

const clockSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16z"/>
    <path d="M12.5 7H11v6l5.2 3.2.8-1.3-4.5-2.7z"/>
  </g>
</svg>`;

/** The Schedules sidebar's icon: a clock. */
export const clockIcon = new LabIcon({ name: 'jupyterlab-nbschedule:clock', svgstr: clockSvg });
