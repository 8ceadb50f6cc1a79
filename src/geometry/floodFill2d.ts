/**
 * Marks the pixels of an nx × ny slice (x fastest) that are 4-connected to the slice border through
 * "open" pixels — the shared step of 2-D hole filling (LV cavity per short-axis slice, skull interior
 * in the biometry plane).
 *
 * @param open - whether pixel p (index in the slice) can be flooded
 * @param reached - output, nx·ny bytes, must be zero on entry; 1 where reached
 * @param stack - scratch, at least nx·ny entries
 */
export function reachFromBorder(
  nx: number,
  ny: number,
  open: (p: number) => boolean,
  reached: Uint8Array,
  stack: Int32Array,
): void {
  const nxy = nx * ny;
  let top = 0;
  const seed = (p: number): void => {
    if (!reached[p] && open(p)) {
      reached[p] = 1;
      stack[top++] = p;
    }
  };
  for (let i = 0; i < nx; i++) {
    seed(i);
    seed(i + (ny - 1) * nx);
  }
  for (let j = 0; j < ny; j++) {
    seed(j * nx);
    seed(nx - 1 + j * nx);
  }
  while (top > 0) {
    const p = stack[--top] as number;
    const i = p % nx;
    if (i > 0) seed(p - 1);
    if (i < nx - 1) seed(p + 1);
    if (p >= nx) seed(p - nx);
    if (p < nxy - nx) seed(p + nx);
  }
}
