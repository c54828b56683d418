/** Options for {@link startPeriodicPass}. */
export interface StartPeriodicPassOptions<T> {
  /** One sweep; its result decides when the next one starts (see `againAtOnce`). */
  pass: () => Promise<T>;
  everyMs: number;
  /** True to start the next pass at once (a full batch: more is waiting). @defaultValue never */
  againAtOnce?: (result: T) => boolean;
  onResult?: (result: T) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs `pass` every `everyMs`, never overlapping itself in this process: the next
 * pass is timed from the end of the previous one. Every worker runs its own; the
 * passes themselves must be safe to run at once across processes.
 */
export function startPeriodicPass<T>({ pass, everyMs, againAtOnce, onResult, onError }: StartPeriodicPassOptions<T>) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let passing = false;
  // Woken during a pass: what woke it may have come after the pass looked.
  let wokenDuringPass = false;
  let running: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => (timer = setTimeout(() => (running = run()), ms));
  const run = async () => {
    passing = true;
    wokenDuringPass = false;
    let soon = false;
    try {
      const result = await pass();
      onResult?.(result);
      soon = againAtOnce?.(result) ?? false;
    } catch (error) {
      onError?.(error);
    }
    passing = false;
    if (!stopped) schedule(soon || wokenDuringPass ? 0 : everyMs);
  };
  schedule(everyMs);
  return {
    /**
     * Starts a pass now rather than at the end of the wait (new work was
     * announced), or, during a pass, right after it. Never a second pass at once.
     */
    wake() {
      if (stopped) return;
      if (passing) wokenDuringPass = true;
      else {
        clearTimeout(timer);
        schedule(0);
      }
    },
    /** Stops; resolves once a pass under way has finished, so the pools it uses may close. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
