// The Architecture view: the cluster as the seeds draw it, with live health, and the live
// trace of what it does — stories (one object's path), their steps lighting the drawing
// as they arrive, a step's raw request and response, and a timeline to replay the last
// minutes. State lives in use-trace.ts; the pure parts in trace-model.ts.
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchitectureGraph } from './architecture-graph.js';
import type { Lit } from './architecture-graph.js';
import { Timeline } from './timeline.js';
import { groupStories, stepTarget, storySteps, timeWindow } from './trace-model.js';
import { StepDetailPanel, StepList, StoryList } from './trace-panels.js';
import { useTrace } from './use-trace.js';
import './architecture.css';

function useNow(skewMs: number): number {
  const [now, setNow] = useState(() => Date.now() + skewMs);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + skewMs), 1000);
    return () => clearInterval(timer);
  }, [skewMs]);
  return now;
}

export function ArchitectureView(): ReactNode {
  const { t } = useTranslation();
  const trace = useTrace();
  const [showBackground, setShowBackground] = useState(false);
  const [follow, setFollow] = useState(true);
  const [chosen, setChosen] = useState<string | undefined>();
  const [cursor, setCursor] = useState<number | undefined>();
  const [openStep, setOpenStep] = useState<number | undefined>();
  const now = useNow(trace.skewMs);
  const until = cursor ?? Infinity;

  const stories = useMemo(() => groupStories(trace.steps, showBackground, until), [trace.steps, showBackground, until]);
  const selected = follow ? stories[0]?.id : chosen;
  const steps = useMemo(() => (selected ? storySteps(trace.steps, selected, until) : []), [trace.steps, selected, until]);
  const current = steps[steps.length - 1];
  const lit = useMemo((): Lit => {
    const nodes = new Set<string>();
    const edges = new Set<string>();
    for (const s of steps) {
      const tg = stepTarget(s);
      tg.nodes.forEach((n) => nodes.add(n));
      tg.edges.forEach((e) => edges.add(e));
    }
    const cur = current ? stepTarget(current) : { nodes: [], edges: [] };
    return { nodes, edges, currentNodes: new Set(cur.nodes), currentEdges: new Set(cur.edges) };
  }, [steps, current]);
  const span = timeWindow(trace.steps, Math.max(now, trace.steps[trace.steps.length - 1]?.ts ?? 0), trace.windowMs);

  return (
    <div className="arch-view">
      <div className="arch-main">
        <ArchitectureGraph health={trace.health} lit={lit} />
        {trace.status === 'connecting' && <p className="muted arch-status">{t('architecture.connecting')}</p>}
        {trace.status === 'error' && (
          <p className="error arch-status">
            {t('architecture.error')}: <span data-raw>{trace.error}</span>
          </p>
        )}
      </div>
      <aside className="arch-side">
        <section className="arch-panel">
          <div className="arch-panel-head">
            <h2>{t('architecture.stories')}</h2>
            <label>
              <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('architecture.follow')}
            </label>
            <label>
              <input type="checkbox" checked={showBackground} onChange={(e) => setShowBackground(e.target.checked)} /> {t('architecture.showBackground')}
            </label>
          </div>
          <p className="muted arch-hint">{t('architecture.storiesHint')}</p>
          <StoryList
            stories={stories}
            selected={selected}
            onSelect={(id) => {
              setFollow(false);
              setChosen(id);
            }}
          />
        </section>
        <section className="arch-panel arch-steps-panel">
          <div className="arch-panel-head">
            <h2>{t('architecture.steps')}</h2>
            {selected && (
              <span className="arch-selected" data-raw>
                {selected.split('#')[0]}
              </span>
            )}
          </div>
          <p className="muted arch-hint">{t('architecture.stepsHint')}</p>
          <StepList steps={steps} current={current?.id} onOpen={setOpenStep} />
        </section>
      </aside>
      <Timeline start={span.start} end={span.end} cursor={cursor} onCursor={setCursor} steps={trace.steps} marks={steps} />
      {openStep !== undefined && <StepDetailPanel id={openStep} onClose={() => setOpenStep(undefined)} />}
    </div>
  );
}
