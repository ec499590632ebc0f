import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { BatchReportPage } from "./pages/batch-report-page";

/** A parameter's chart drawing; its accessible name is the chart's summary of what was sampled. */
function chartImage(page: Page, param: string) {
  return page.getByTestId(`chart-${param}`).locator(':scope > [role="img"]');
}

/**
 * The Distributions section after exercise became a Choice of PUSHUP and SQUAT and
 * lighting_power a Uniform(10, 100) over 50 jobs: bars for the two choices, a histogram
 * within 10..100, then the same charts coloured by exercise.
 */
async function expectDistributionCharts(page: Page) {
  const exerciseChart = page.getByTestId("chart-exercise");
  await expect(exerciseChart).toHaveAttribute("data-kind", "bars");
  await expect(exerciseChart).toContainText("Choice: PUSHUP 50%, SQUAT 50%");
  await expect(chartImage(page, "exercise")).toHaveAttribute("aria-label", /^exercise: PUSHUP \d+, SQUAT \d+$/);
  const counts = (await chartImage(page, "exercise").getAttribute("aria-label"))!.match(/\d+/g)!.map(Number);
  expect(counts[0]! + counts[1]!).toBe(50);
  await expect(exerciseChart.locator(".recharts-bar-rectangle")).toHaveCount(2);

  const lightChart = page.getByTestId("chart-lighting_power");
  await expect(lightChart).toHaveAttribute("data-kind", "histogram");
  await expect(lightChart).toContainText("Uniform(10, 100)");
  const light = chartImage(page, "lighting_power");
  await expect(light).toHaveAttribute("aria-label", /^lighting_power: 50 values from [\d.]+ to [\d.]+, mean [\d.]+$/);
  const [lo, hi, mean] = /from ([\d.]+) to ([\d.]+), mean ([\d.]+)$/.exec((await light.getAttribute("aria-label"))!)!.slice(1).map(Number);
  expect(lo).toBeGreaterThanOrEqual(10);
  expect(hi).toBeLessThanOrEqual(100);
  expect(mean).toBeGreaterThan(lo!);
  expect(mean).toBeLessThan(hi!);
  // The requested shape is drawn over the sampled bars.
  await expect(lightChart.locator("[data-requested] path")).toHaveCount(1);

  await page.getByLabel("Colour by").selectOption("exercise");
  await expect(lightChart).toHaveAttribute("data-colour-by", "exercise");
  await expect(light).toHaveAttribute("aria-label", /^lighting_power: 50 values from .*; by exercise: PUSHUP mean [\d.]+, SQUAT mean [\d.]+$/);
  await expect(lightChart.locator(".recharts-bar")).toHaveCount(2);
  await expect(page.getByTestId("colour-legend")).toHaveText(/Coloured by exercise:\s*PUSHUP\s*SQUAT/);
  await expect(chartImage(page, "exercise")).toHaveAttribute("aria-label", /^exercise: PUSHUP \d+, SQUAT \d+$/);
}

test("a new user crafts 50 previews with a Choice and a Uniform, submits them, then duplicates the batch as 5 videos", async ({ page }) => {
  test.slow();
  await signUp(page, "Wendy Workflow", uniqueEmail("workflow"));
  await page.getByRole("link", { name: "New batch" }).click();
  await expect(page).toHaveURL(/\/workflows\/new/);

  await page.getByLabel("Batch name").fill("fifty previews");
  await page.getByLabel("Jobs", { exact: true }).fill("50");

  // Before any distribution, every parameter has one value: a card each, no chart.
  await expect(page.getByTestId("chart-exercise")).toHaveAttribute("data-kind", "constant");
  await expect(chartImage(page, "exercise")).toHaveAttribute("aria-label", "exercise: every job PUSHUP");
  await expect(chartImage(page, "lighting_power")).toHaveAttribute("aria-label", "lighting_power: every job 100");
  await expect(page.getByLabel("Colour by")).toBeDisabled();

  const exercise = page.locator('[data-testid="param-row"][data-param="exercise"]');
  await exercise.getByLabel("exercise mode").selectOption("choice");
  for (const box of await exercise.getByRole("checkbox").all()) await box.uncheck();
  await exercise.getByLabel("exercise PUSHUP").check();
  await exercise.getByLabel("exercise SQUAT").check();

  const lighting = page.locator('[data-testid="param-row"][data-param="lighting_power"]');
  await lighting.getByLabel("lighting_power mode").selectOption("uniform");
  await lighting.getByLabel("min").fill("10");
  await lighting.getByLabel("max").fill("100");

  await expectDistributionCharts(page);

  // A bad value is refused next to its parameter before anything is sent.
  const reps = page.locator('[data-testid="param-row"][data-param="num_reps"]');
  await reps.getByLabel("num_reps mode").selectOption("fixed");
  await reps.getByLabel("num_reps value").fill("99");
  await expect(page.getByTestId("param-num_reps-error")).toContainText("99");
  await expect(page.getByRole("button", { name: "Review and submit" })).toBeDisabled();
  await reps.getByLabel("num_reps mode").selectOption("default");

  const preview = page.getByTestId("jobs-preview");
  await expect(preview.locator("tbody tr")).toHaveCount(8);
  const cells = await preview.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(cells.every((c) => c === "PUSHUP" || c === "SQUAT")).toBe(true);

  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("50 preview jobs of visionfit-flagship-v0.1.0");
  await expect(page.getByTestId("frame-estimate")).toHaveText("The Generation API estimates 50 frames in all.");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  const report = new BatchReportPage(page);
  await report.expectLoaded("fifty previews");
  await expect(report.header()).toContainText("Previews");
  await expect(report.liveStatus()).toContainText("of 50 jobs");

  // Duplicate and modify: the same recipe, now 5 videos.
  await page.getByRole("link", { name: "Duplicate and modify" }).click();
  await expect(page).toHaveURL(/\/workflows\/new\?from=/, { timeout: 30_000 });
  await expect(page.getByLabel("Batch name")).toHaveValue("fifty previews (copy)", { timeout: 30_000 });
  await expect(page.locator('[data-param="exercise"]').getByLabel("exercise mode")).toHaveValue("choice");
  await expect(page.locator('[data-param="lighting_power"]').getByLabel("lighting_power mode")).toHaveValue("uniform");
  await page.getByLabel("Batch name").fill("five videos");
  await page.getByLabel("Jobs", { exact: true }).fill("5");
  await page.getByLabel("Videos").check();
  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("5 video jobs of visionfit-flagship-v0.1.0");
  await expect(page.getByTestId("frame-estimate")).toContainText("frames in all");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  await report.expectLoaded("five videos");
  await expect(report.header()).toContainText("Videos");
  await expect(report.liveStatus()).toContainText("of 5 jobs");
});

test("a saved workflow is reopened, changed to 5 videos and submitted", async ({ page }) => {
  test.slow();
  await signUp(page, "Saul Saver", uniqueEmail("saver"));
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill("squat sweep");
  await page.getByLabel("Jobs", { exact: true }).fill("12");
  const exercise = page.locator('[data-testid="param-row"][data-param="exercise"]');
  await exercise.getByLabel("exercise mode").selectOption("fixed");
  await exercise.getByLabel("exercise value").selectOption("SQUAT");
  const distance = page.locator('[data-testid="param-row"][data-param="camera_distance"]');
  await distance.getByLabel("camera_distance mode").selectOption("sweep");
  await page.getByRole("button", { name: "Save as workflow" }).click();
  await expect(page.getByText("Workflow saved.")).toBeVisible();

  await page.goto("/workflows");
  await page.locator('[data-testid="workflow-row"][data-name="squat sweep"]').getByRole("link", { name: "squat sweep" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("squat sweep", { timeout: 30_000 });
  await expect(page.getByLabel("Jobs", { exact: true })).toHaveValue("12");
  await expect(page.locator('[data-param="exercise"]').getByLabel("exercise value")).toHaveValue("SQUAT");

  await page.getByLabel("Batch name").fill("squat sweep videos");
  await page.getByLabel("Jobs", { exact: true }).fill("5");
  await page.getByLabel("Videos").check();
  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("5 video jobs");
  await expect(page.getByTestId("frame-estimate")).toContainText("frames in all");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  const report = new BatchReportPage(page);
  await report.expectLoaded("squat sweep videos");
  await expect(report.header()).toContainText("Videos");
  await expect(report.liveStatus()).toContainText("of 5 jobs");
  await page.goto("/batches");
  const row = page.locator('[data-testid="batch-row"][data-name="squat sweep videos"]');
  await expect(row).toContainText("videos");
  await expect(row).toContainText("5 jobs");
});

/** The section cut out of a full-page shot, where the fixed header and tab bar stay at the page's ends. */
async function shoot(page: Page, section: Locator, name: string) {
  const box = (await section.boundingBox())!;
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true, clip: { ...box, y: box.y + scrollY } });
}

for (const viewport of [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
]) {
  test(`distributions of 2,000 jobs at ${viewport.width}×${viewport.height}, plain and coloured`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await signUp(page, "Dora Distributions", uniqueEmail(`distributions-${viewport.name}`));
    await page.goto("/workflows/new");
    await page.getByLabel("Jobs", { exact: true }).fill("2000");
    for (const name of ["exercise", "gender", "num_reps", "lighting_power", "add_pauses"]) {
      await page.locator(`[data-testid="param-row"][data-param="${name}"]`).getByLabel(`${name} mode`).selectOption("random");
    }
    const height = page.locator('[data-testid="param-row"][data-param="relative_height"]');
    await height.getByLabel("relative_height mode").selectOption("normal");
    await page.locator('[data-testid="param-row"][data-param="camera_distance"]').getByLabel("camera_distance mode").selectOption("sweep");

    const section = page.getByTestId("distributions");
    await expect(page.getByTestId("chart-camera_distance")).toHaveAttribute("data-kind", "histogram");
    await expect(page.getByTestId("chart-exercise").locator(".recharts-bar-rectangle")).toHaveCount(12);
    await expect(chartImage(page, "num_reps")).toHaveAttribute("aria-label", /^num_reps: 2000 values from 1 to 10, mean [\d.]+$/);
    await shoot(page, section, `distributions-${viewport.name}`);

    await page.getByLabel("Colour by").selectOption("gender");
    await expect(page.getByTestId("chart-exercise")).toHaveAttribute("data-colour-by", "gender");
    await expect(chartImage(page, "exercise")).toHaveAttribute("aria-label", /; by gender: MALE \(.*\), FEMALE \(.*\)$/);
    await shoot(page, section, `distributions-coloured-${viewport.name}`);
    await page.emulateMedia({ colorScheme: "dark" });
    await shoot(page, section, `distributions-dark-${viewport.name}`);

    // Nothing spills sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
