import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names. Deliberately not tailwind-merge: it was about 8 kB gzip on every page's
 * first load, and our components never pass a class that overrides one of their own; a
 * different size is a variant instead (see Button's `size`).
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
