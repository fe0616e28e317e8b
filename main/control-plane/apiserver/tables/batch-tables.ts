// Batch kinds: jobs and cronjobs (printJob, printCronJob in printers.go 1.32).
import type { KubeObject } from '../../../common/kube-types.js';
import { at, int, list, optInt, optStr, str } from './accessors.js';
import { ageColumn, column, doc, nameColumn, wide } from './columns.js';
import { humanDuration, parseTime, translateTimestampSince } from './duration.js';
import { formatLabelSelector } from './labels.js';
import type { PrinterDef } from './printer-def.js';
import { layoutContainerCells } from './workload-tables.js';

/** hasJobCondition: the first condition of a type decides */
function hasJobCondition(job: KubeObject, type: string): boolean {
  const condition = list(job, 'status', 'conditions').find((c) => str(c, 'type') === type);
  return condition !== undefined && str(condition, 'status') === 'True';
}

/** printJob STATUS, in kube's order of precedence */
export function jobStatus(job: KubeObject): string {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** printJob COMPLETIONS: 2/3, or 0/1 of 4 for a work-queue job with parallelism */
export function jobCompletions(job: KubeObject): string {
  const succeeded = int(job, 'status', 'succeeded');
  const completions = optInt(job, 'spec', 'completions');
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = optInt(job, 'spec', 'parallelism') ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** printJob DURATION: empty before start, running time until completion */
function jobDuration(job: KubeObject, now: Date): string {
  const start = parseTime(at(job, 'status', 'startTime'));
  if (start === undefined) return '';
  const end = parseTime(at(job, 'status', 'completionTime'));
  return humanDuration((end ?? now.getTime()) - start);
}

export const jobTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', doc.jobSucceeded),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    wide('Containers', 'string', doc.containers),
    wide('Images', 'string', doc.images),
    wide('Selector', 'string', doc.jobSelector),
  ],
  row(job, now) {
    const [names, images] = layoutContainerCells(list(job, 'spec', 'template', 'spec', 'containers'));
    return [
      job.metadata.name ?? '',
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      translateTimestampSince(job.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(at(job, 'spec', 'selector')),
    ];
  },
};

/** printBoolPtr: True / False / <unset> (a string even in the boolean SUSPEND column) */
function boolPtr(value: unknown): string {
  if (typeof value !== 'boolean') return '<unset>';
  return value ? 'True' : 'False';
}

export const cronJobTable: PrinterDef = {
  columns: [
    nameColumn,
    column('Schedule', 'string', doc.cronSchedule),
    column('Timezone', 'string', doc.cronTimeZone),
    column('Suspend', 'boolean', doc.cronSuspend),
    column('Active', 'integer', doc.cronActive),
    column('Last Schedule', 'string', doc.cronLastSchedule),
    ageColumn,
    wide('Containers', 'string', doc.containers),
    wide('Images', 'string', doc.images),
    wide('Selector', 'string', doc.jobSelector),
  ],
  row(cronJob, now) {
    const lastScheduleTime = at(cronJob, 'status', 'lastScheduleTime');
    const jobSpec = at(cronJob, 'spec', 'jobTemplate', 'spec');
    const [names, images] = layoutContainerCells(list(jobSpec, 'template', 'spec', 'containers'));
    return [
      cronJob.metadata.name ?? '',
      str(cronJob, 'spec', 'schedule'),
      optStr(cronJob, 'spec', 'timeZone') ?? '<none>',
      boolPtr(at(cronJob, 'spec', 'suspend')),
      list(cronJob, 'status', 'active').length,
      typeof lastScheduleTime === 'string' ? translateTimestampSince(lastScheduleTime, now) : '<none>',
      translateTimestampSince(cronJob.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(at(jobSpec, 'selector')),
    ];
  },
};
