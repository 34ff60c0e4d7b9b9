/**
 * Rendering in slices: the elements of a page (and the posts of a feed) share
 * one clock per task, and what does not fit in a slice waits for a later task,
 * so that the browser may paint and answer input in between.
 */

/**
 * Milliseconds a task may spend rendering before it lets the browser paint
 * and answer input: an element or a post costs from one to a few tens of
 * them, and no task should reach the 50 ms a person feels (a long task).
 */
export const RENDER_SLICE_MS = 25;

/** The Prioritized Task Scheduling API, where the browser has it. */
const scheduling = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler;

/**
 * Resolves in a later task: `scheduler.yield()` where there is one (its
 * continuation runs before other waiting tasks, and is not delayed as nested
 * timers are), else a timer.
 */
export function nextTask(): Promise<void> {
  return scheduling?.yield ? scheduling.yield() : new Promise((resolve) => setTimeout(resolve));
}

/** Work done ahead of the renders (see aheadOfRendering); a new slice starts only after it. */
let ahead: Promise<void> = Promise.resolve();

/**
 * Runs the steps one after the other, each in a task of its own, before any
 * slice that has yet to start: work every first render would otherwise pay
 * on its own (loading ICU's data, compiling marked's rules), in pieces too
 * short to make a long task. A step that throws only loses its head start.
 */
export function aheadOfRendering(steps: readonly (() => unknown)[]): void {
  for (const step of steps) {
    ahead = ahead.then(nextTask).then(() => {
      try {
        step();
      } catch {
        // The render does the same work later, and reports what fails then.
      }
    });
  }
}

/**
 * When the current slice started; cleared by a timer, which runs once the
 * task is over. The task that evaluates the SDK (defining and upgrading its
 * elements) has no room left: the elements render in the next ones.
 */
let sliceStart: number | undefined = -Infinity;
setTimeout(() => (sliceStart = undefined));
/** The task that starts the next slice, shared by everyone waiting for it. */
let nextSlice: Promise<void> | undefined;

/** The current slice (the time it started, which tells it from the others); the task's first call starts it. */
export function currentSlice(): number {
  if (sliceStart === undefined) {
    sliceStart = performance.now();
    setTimeout(() => (sliceStart = undefined));
  }
  return sliceStart;
}

/** Milliseconds left in this task's slice of `sliceMs` (none left below zero). */
export function sliceRoom(sliceMs = RENDER_SLICE_MS): number {
  return sliceMs - (performance.now() - currentSlice());
}

/** Resolves in a later task, where a new slice starts (after any work ahead); callers resume in the order they called. */
export function nextSliceStart(): Promise<void> {
  return (nextSlice ??= ahead.then(nextTask).then(() => {
    nextSlice = undefined;
    sliceStart = undefined;
  }));
}

/** Resolves once the browser has painted what was rendered so far (after the next animation frame), in a new slice. */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() =>
      setTimeout(() => {
        sliceStart = undefined;
        resolve();
      }),
    ),
  );
}
