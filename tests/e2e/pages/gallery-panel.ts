import { expect, type Locator, type Page } from "@playwright/test";

/** What the overlay canvas shows now, as a data URL: two draws differ exactly when their pixels do. */
export const pixels = (canvas: Locator) => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());

/** A canvas of the same size with nothing drawn on it. */
export const blankLike = (canvas: Locator) =>
  canvas.evaluate((c: HTMLCanvasElement) => {
    const empty = document.createElement("canvas");
    empty.width = c.width;
    empty.height = c.height;
    return empty.toDataURL();
  });

/** Flips one overlay checkbox and checks the canvas drew something different, then flips it back. */
export async function expectToggleRedraws(scope: Locator, canvas: Locator, label: string) {
  const box = scope.getByTestId("layer-toggles").getByLabel(label);
  const before = await pixels(canvas);
  await box.click();
  await expect.poll(() => pixels(canvas), { message: `${label} changes the overlay` }).not.toBe(before);
  await box.click();
  await expect.poll(() => pixels(canvas), { message: `${label} back restores the overlay` }).toBe(before);
}

/** The report's gallery card, member's or shared. */
export class GalleryPanel {
  constructor(private readonly page: Page) {}

  card() {
    return this.page.getByTestId("gallery");
  }

  frames() {
    return this.card().getByTestId("gallery-frame");
  }

  dialog() {
    return this.page.getByTestId("frame-dialog");
  }

  /** Every thumbnail's image really loaded, and its labels with it. */
  async expectFramesLoaded(count: number) {
    await expect(this.frames()).toHaveCount(count, { timeout: 30_000 });
    for (const frame of await this.frames().all()) {
      await frame.scrollIntoViewIfNeeded();
      await expect.poll(() => frame.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await expect(frame.getByTestId("overlay")).toHaveAttribute("data-ready", "true");
    }
  }
}
