// The progress list's own strings (step states, durations), English and Korean. Step
// titles come from the view that owns the work (their keys travel in ProgressStep.title).
import { viewStrings } from '../../i18n/translation.js';

export const progressStrings = viewStrings({
  en: {
    label: 'Progress',
    state: { pending: 'waiting', running: 'running', done: 'done', failed: 'failed' },
    seconds: '{{seconds}} s',
    percent: '{{percent}}%',
    summary: '{{finished}} of {{total}} steps finished',
  },
  ko: {
    label: '진행 상황',
    state: { pending: '대기', running: '진행 중', done: '완료', failed: '실패' },
    seconds: '{{seconds}}초',
    percent: '{{percent}}%',
    summary: '단계 {{total}}개 중 {{finished}}개 끝남',
  },
  same: ['percent'],
});
