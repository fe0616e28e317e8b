import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { cronJobTable, jobTable } from './batch-tables.js';
import { statefulSetTable } from './workload-tables.js';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:00:00Z'; // 60m before now
const podTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] } };

function job(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', creationTimestamp: created, ...meta }, spec: { template: podTemplate, ...spec }, status };
}

describe('jobTable', () => {
  it('prints a completed job with its duration', () => {
    const j = job(
      { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } } },
      {
        succeeded: 1,
        startTime: '2024-05-01T11:00:02Z',
        completionTime: '2024-05-01T11:00:40Z',
        conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }],
      },
    );
    expect(jobTable.row(j, now)).toEqual(['pi', 'Complete', '1/1', '38s', '60m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=abc']);
  });

  it('prints running, failed, suspended and terminating jobs', () => {
    const running = job({ completions: 3, parallelism: 2 }, { succeeded: 1, startTime: '2024-05-01T11:55:00Z', active: 2 });
    expect(jobTable.row(running, now).slice(1, 4)).toEqual(['Running', '1/3', '5m']);
    const failed = job({}, { failed: 7, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] });
    expect(jobTable.row(failed, now).slice(1, 4)).toEqual(['Failed', '0/1', '']);
    expect(jobTable.row(job({ parallelism: 4 }, { conditions: [{ type: 'Suspended', status: 'True' }] }), now).slice(1, 3)).toEqual([
      'Suspended',
      '0/1 of 4',
    ]);
    expect(jobTable.row(job({}, {}, { deletionTimestamp: '2024-05-01T11:59:00Z' }), now)[1]).toBe('Terminating');
  });
});

describe('cronJobTable', () => {
  it('prints schedule, timezone, suspend, active and last schedule', () => {
    const cron: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', creationTimestamp: created },
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: podTemplate } } },
      status: { active: [{ name: 'backup-28577000' }], lastScheduleTime: '2024-05-01T11:55:00Z' },
    };
    expect(cronJobTable.row(cron, now)).toEqual(['backup', '*/5 * * * *', '<none>', 'False', 1, '5m', '60m', 'pi', 'perl:5.34', '<none>']);
    const fresh: KubeObject = { metadata: { name: 'n' }, spec: { schedule: '@daily', timeZone: 'Etc/UTC' } };
    expect(cronJobTable.row(fresh, now).slice(1, 6)).toEqual(['@daily', 'Etc/UTC', '<unset>', 0, '<none>']);
  });
});

describe('statefulSetTable', () => {
  it('prints READY as ready/desired', () => {
    const sts: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', creationTimestamp: created },
      spec: { replicas: 3, template: podTemplate },
      status: { replicas: 3, readyReplicas: 2 },
    };
    expect(statefulSetTable.row(sts, now)).toEqual(['db', '2/3', '60m', 'pi', 'perl:5.34']);
  });
});
