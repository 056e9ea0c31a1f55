/**
 * How many requests the follower has in flight: at most `perHost` to any one host (a site is not
 * hammered because it has many feeds), at most `total` in all. Written here: the npm limiters (p-limit
 * and its kin) limit one pool, not a pool per key.
 */
export interface HostLimit {
  <T>(url: string, fn: () => Promise<T>): Promise<T>;
}

export function hostLimit(perHost: number, total: number): HostLimit {
  const running = new Map<string, number>();
  let inFlight = 0;
  const waiting: { host: string; start: () => void }[] = [];
  const next = () => {
    for (let i = 0; i < waiting.length && inFlight < total; i++) {
      const w = waiting[i]!;
      if ((running.get(w.host) ?? 0) >= perHost) continue;
      waiting.splice(i--, 1);
      w.start();
    }
  };
  return <T>(url: string, fn: () => Promise<T>): Promise<T> => {
    let host: string;
    try {
      host = new URL(url).host.toLowerCase();
    } catch {
      host = url; // a folder: its own "host"
    }
    return new Promise<T>((resolve, reject) => {
      waiting.push({
        host,
        start: () => {
          inFlight++;
          running.set(host, (running.get(host) ?? 0) + 1);
          fn().then(resolve, reject).finally(() => {
            inFlight--;
            running.set(host, running.get(host)! - 1);
            next();
          });
        },
      });
      next();
    });
  };
}

/** Work given to it runs one piece after another, in the order given (a failure does not stop the next). */
export function turns(): <R>(work: () => Promise<R>) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = last.then(work);
    last = run.catch(() => undefined);
    return run;
  };
}

/** Calls of `fn` one after another, in the order made (the store has one writer). */
export function oneAtATime<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const next = turns();
  return (...args) => next(() => fn(...args));
}
