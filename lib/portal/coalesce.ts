import "server-only";

interface Entry<T> {
  promise: Promise<T>;
  /** When the read started; a read younger than its time-to-live is shared. */
  startedAt: number;
  ttlMs: number;
}

/**
 * Shares one upstream read among every caller of the same key for `ttlMs`: a hundred open
 * report tabs polling a batch make one status call per interval, not a hundred. A failed read
 * is forgotten at once so the next caller tries again. The map is bounded; the oldest entries
 * go first.
 */
export function createCoalescer<T>(options: { maxEntries: number }) {
  const entries = new Map<string, Entry<T>>();

  return {
    read(key: string, load: () => Promise<T>, ttlFor: (value: T) => number): Promise<T> {
      const now = Date.now();
      const cached = entries.get(key);
      if (cached && now - cached.startedAt < cached.ttlMs) return cached.promise;

      const entry: Entry<T> = { startedAt: now, ttlMs: Number.POSITIVE_INFINITY, promise: Promise.resolve(undefined as T) };
      entry.promise = load().then(
        (value) => {
          entry.ttlMs = ttlFor(value);
          return value;
        },
        (error: unknown) => {
          if (entries.get(key) === entry) entries.delete(key);
          throw error;
        },
      );
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
      return entry.promise;
    },
    /** After a mutation (cancel, retry) the next read must go upstream. */
    forget(key: string) {
      entries.delete(key);
    },
  };
}
