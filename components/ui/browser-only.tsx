"use client";
import { lazy, Suspense, useSyncExternalStore, type ComponentType, type ReactNode } from "react";

const noSubscription = () => () => {};

/**
 * A component whose code is its own chunk, fetched and rendered in the browser only (the
 * server and the first client render show `fallback`). React's `lazy` rather than
 * next/dynamic, whose runtime would otherwise be in the first load of every page using one.
 */
export function browserOnly<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function BrowserOnly(props: P) {
    const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
    if (!inBrowser) return fallback;
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return BrowserOnly;
}
