import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";

test("a new user crafts 50 previews with a Choice and a Uniform, and submits them", async ({ page }) => {
  await signUp(page, "Wendy Workflow", uniqueEmail("workflow"));
  await page.getByRole("link", { name: "New batch" }).click();
  await expect(page).toHaveURL(/\/workflows\/new/);

  await page.getByLabel("Batch name").fill("fifty previews");
  await page.getByLabel("Jobs").fill("50");

  const exercise = page.locator('[data-testid="param-row"][data-param="exercise"]');
  await exercise.getByLabel("exercise mode").selectOption("choice");
  for (const box of await exercise.getByRole("checkbox").all()) await box.uncheck();
  await exercise.getByLabel("exercise PUSHUP").check();
  await exercise.getByLabel("exercise SQUAT").check();

  const lighting = page.locator('[data-testid="param-row"][data-param="lighting_power"]');
  await lighting.getByLabel("lighting_power mode").selectOption("uniform");
  await lighting.getByLabel("min").fill("10");
  await lighting.getByLabel("max").fill("100");

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
  await expect(page).toHaveURL(/\/batches/);
  const row = page.locator('[data-testid="batch-row"][data-name="fifty previews"]');
  await expect(row).toContainText("submitted");
  await expect(row).toContainText("50 jobs");
});

test("a saved workflow is reopened, changed to 5 videos and submitted", async ({ page }) => {
  await signUp(page, "Saul Saver", uniqueEmail("saver"));
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill("squat sweep");
  await page.getByLabel("Jobs").fill("12");
  const exercise = page.locator('[data-testid="param-row"][data-param="exercise"]');
  await exercise.getByLabel("exercise mode").selectOption("fixed");
  await exercise.getByLabel("exercise value").selectOption("SQUAT");
  const distance = page.locator('[data-testid="param-row"][data-param="camera_distance"]');
  await distance.getByLabel("camera_distance mode").selectOption("sweep");
  await page.getByRole("button", { name: "Save as workflow" }).click();
  await expect(page.getByText("Workflow saved.")).toBeVisible();

  await page.goto("/workflows");
  await page.locator('[data-testid="workflow-row"][data-name="squat sweep"]').getByRole("link", { name: "squat sweep" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("squat sweep");
  await expect(page.getByLabel("Jobs")).toHaveValue("12");
  await expect(page.locator('[data-param="exercise"]').getByLabel("exercise value")).toHaveValue("SQUAT");

  await page.getByLabel("Batch name").fill("squat sweep videos");
  await page.getByLabel("Jobs").fill("5");
  await page.getByLabel("Videos").check();
  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("5 video jobs");
  await expect(page.getByTestId("frame-estimate")).toContainText("frames in all");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  await expect(page).toHaveURL(/\/batches/);
  const row = page.locator('[data-testid="batch-row"][data-name="squat sweep videos"]');
  await expect(row).toContainText("videos");
  await expect(row).toContainText("5 jobs");
  await expect(row).toContainText("submitted");
});
