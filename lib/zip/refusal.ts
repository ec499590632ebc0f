import { describeBytes } from "@/lib/format/bytes";

/**
 * A zip, or one of its entries, that is not read any further. The message is a sentence for a
 * person ("… declares 30 kB but inflates to more"); callers wrap it in their own typed error.
 * Hostile archives come from remote Generation APIs, so every limit ends in one of these,
 * never in a stack trace or an exhausted process.
 */
export class ZipRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipRefusal";
  }
}

export function isZipRefusal(error: unknown): error is ZipRefusal {
  return error instanceof ZipRefusal;
}


/** Two byte counts that must read differently when they differ: exact, in bytes, where rounding would make them look alike. */
export function describeBytesApart(a: number, b: number): [string, string] {
  const [first, second] = [describeBytes(a), describeBytes(b)];
  if (first !== second || a === b) return [first, second];
  return [`${a.toLocaleString("en-US")} B`, `${b.toLocaleString("en-US")} B`];
}

/** An entry name as it may be quoted in a message: escaped, and cut short. */
export function quoteName(name: string): string {
  const quoted = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  return quoted;
}
