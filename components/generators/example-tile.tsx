/**
 * One example frame. A plain lazy <img>, not next/image: the frames are already small PNGs
 * from our own route, and a page of 31 parameters should fetch them only as they scroll in.
 */
export function ExampleTile({ src, alt, caption, detail, highlight }: { src: string; alt: string; caption: string; detail?: string; highlight?: boolean }) {
  return (
    <figure className="min-w-0" data-testid="example-tile">
      <a href={src} target="_blank" rel="noopener" className="block" title="Open the frame in a new tab">
        {/* eslint-disable-next-line @next/next/no-img-element -- see the comment above */}
        <img
          src={src}
          alt={alt}
          loading="lazy"
          decoding="async"
          width={240}
          height={240}
          className={`aspect-square w-full rounded-md bg-zinc-100 object-contain dark:bg-zinc-800 ${highlight ? "ring-2 ring-accent ring-offset-1 ring-offset-white dark:ring-offset-zinc-900" : ""}`}
        />
      </a>
      <figcaption className="mt-1 text-xs">
        <span className="block truncate font-mono" title={caption}>
          {caption}
        </span>
        {detail ? <span className="block truncate leading-tight text-zinc-500 dark:text-zinc-400">{detail}</span> : null}
      </figcaption>
    </figure>
  );
}
