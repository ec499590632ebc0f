/**
 * Mask → COCO polygons. Each 4-connected component's outer boundary is traced along pixel
 * edges (so the polygon encloses exactly the component's pixels, holes aside), then simplified
 * with Douglas–Peucker to keep labels.json small.
 */

/** Directions: 0 east (+x), 1 south (+y, down), 2 west, 3 north. */
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

function simplify(xs: number[], ys: number[], eps: number): number[] {
  const n = xs.length;
  if (n <= 4) return xs.flatMap((x, i) => [x, ys[i]!]);
  // Split the closed ring at vertex 0 and the vertex farthest from it.
  let far = 0,
    best = -1;
  for (let i = 1; i < n; i++) {
    const d = (xs[i]! - xs[0]!) ** 2 + (ys[i]! - ys[0]!) ** 2;
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = keep[far] = keep[n] = 1;
  const X = (i: number) => xs[i % n]!,
    Y = (i: number) => ys[i % n]!;
  const stack: [number, number][] = [
    [0, far],
    [far, n],
  ];
  const eps2 = eps * eps;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const ax = X(a),
      ay = Y(a),
      bx = X(b),
      by = Y(b);
    const dx = bx - ax,
      dy = by - ay;
    const l2 = dx * dx + dy * dy;
    let idx = -1,
      dmax = eps2;
    for (let i = a + 1; i < b; i++) {
      const px = X(i) - ax,
        py = Y(i) - ay;
      let d: number;
      if (l2 === 0) d = px * px + py * py;
      else {
        const c = px * dy - py * dx;
        d = (c * c) / l2;
      }
      if (d > dmax) {
        dmax = d;
        idx = i;
      }
    }
    if (idx >= 0) {
      keep[idx] = 1;
      stack.push([a, idx], [idx, b]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(xs[i]!, ys[i]!);
  return out;
}

/**
 * Polygons of a binary mask (non-zero = inside) within its bounding box, as COCO flat
 * [x0, y0, x1, y1, ...] lists in pixel-corner coordinates.
 */
export function maskPolygons(mask: Uint8Array, W: number, H: number, bbox: [number, number, number, number], eps = 0.75): number[][] {
  const [bx0, by0, bx1, by1] = bbox;
  if (bx0 > bx1) return [];
  const bw = bx1 - bx0 + 1,
    bh = by1 - by0 + 1;
  const seen = new Uint8Array(bw * bh);
  const stack: number[] = [];
  const fg = (x: number, y: number) => x >= bx0 && x <= bx1 && y >= by0 && y <= by1 && mask[y * W + x] !== 0;
  const polys: number[][] = [];
  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      const li = (y - by0) * bw + (x - bx0);
      if (seen[li] || mask[y * W + x] === 0) continue;
      // Flood-fill the component so its other pixels never start a new trace.
      seen[li] = 1;
      stack.push(x, y);
      while (stack.length) {
        const sy = stack.pop()!,
          sx = stack.pop()!;
        for (let d = 0; d < 4; d++) {
          const nx = sx + DX[d]!,
            ny = sy + DY[d]!;
          if (!fg(nx, ny)) continue;
          const ni = (ny - by0) * bw + (nx - bx0);
          if (seen[ni]) continue;
          seen[ni] = 1;
          stack.push(nx, ny);
        }
      }
      // Trace the outer boundary, foreground on the right, starting east along the top edge.
      const xs: number[] = [],
        ys: number[] = [];
      let vx = x,
        vy = y,
        dir = 0;
      const sx0 = x,
        sy0 = y;
      let guard = 4 * (bw + 1) * (bh + 1);
      do {
        vx += DX[dir]!;
        vy += DY[dir]!;
        // Pixels ahead-right and ahead-left of the vertex we just reached.
        const rdx = -DY[dir]!,
          rdy = DX[dir]!;
        const arx = DX[dir]! + rdx,
          ary = DY[dir]! + rdy;
        const alx = DX[dir]! - rdx,
          aly = DY[dir]! - rdy;
        const ar = fg(vx + (arx > 0 ? 0 : -1), vy + (ary > 0 ? 0 : -1));
        const al = fg(vx + (alx > 0 ? 0 : -1), vy + (aly > 0 ? 0 : -1));
        let nd = dir;
        if (!ar) nd = (dir + 1) & 3;
        else if (al) nd = (dir + 3) & 3;
        if (nd !== dir) {
          xs.push(vx);
          ys.push(vy);
          dir = nd;
        }
      } while (!(vx === sx0 && vy === sy0 && dir === 0) && --guard > 0);
      polys.push(simplify(xs, ys, eps));
    }
  }
  return polys;
}
