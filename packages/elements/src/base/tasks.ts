/** The Prioritized Task Scheduling API, where the browser has it. */
const scheduling = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler;

/**
 * Resolves in a later task, so that the browser may paint and answer input in
 * between: `scheduler.yield()` where there is one (its continuation runs before
 * other waiting tasks, and is not delayed as nested timers are), else a timer.
 */
export function nextTask(): Promise<void> {
  return scheduling?.yield ? scheduling.yield() : new Promise((resolve) => setTimeout(resolve));
}

/** Resolves once the browser has painted what was rendered so far (after the next animation frame). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/** Calls `run` when the browser is idle (requestIdleCallback), or in a later task where it cannot tell. */
function whenIdle(run: () => void): void {
  if ('requestIdleCallback' in globalThis) requestIdleCallback(run);
  else setTimeout(run);
}

/**
 * Runs the steps one after the other, each in an idle moment of its own:
 * work done ahead of need, in pieces too short to make a long task.
 */
export function inIdleSteps(steps: readonly (() => unknown)[]): void {
  const [step, ...rest] = steps;
  if (step) {
    whenIdle(() => {
      step();
      inIdleSteps(rest);
    });
  }
}
