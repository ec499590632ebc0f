import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";

/** Pasting or uploading the jobs of a batch instead of describing them with distributions. */

async function openImport(page: Page) {
  const panel = page.getByTestId("jobs-import");
  await panel.getByText("Paste or upload jobs").click();
  await expect(panel.getByLabel("Jobs as JSON or CSV")).toBeVisible();
  return panel;
}

/** After a submission: the batch's own page, then the list of batches with its row. */
async function batchRow(page: Page, name: string) {
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name, { timeout: 30_000 });
  await page.goto("/batches");
  return page.locator(`[data-testid="batch-row"][data-name="${name}"]`);
}

test("pasted JSON with an unknown key and a bad value is refused per row and column; fixed, it submits exactly those jobs", async ({ page }) => {
  test.slow(); // two checks of the pasted text, an estimate and a submission
  await signUp(page, "Paula Paster", uniqueEmail("paster"));
  await page.goto("/workflows/new");
  const panel = await openImport(page);

  // What a Python user prints: single quotes, True/False, one unknown key and one value out of range.
  const broken = `[{'scene': 'GYM_1', 'num_reps': 3, 'add_pauses': True},
 {'scene': 'OFFICE_1', 'lighting_power': 2500, 'colour': 'red'},
 {'exercise': 'SQUAT', 'hide_shoes': False}]`;
  await panel.getByLabel("Jobs as JSON or CSV").fill(broken);
  await panel.getByRole("button", { name: "Use these jobs" }).click();

  const errors = page.getByTestId("jobs-import-error");
  await expect(errors).toHaveCount(2);
  await expect(page.locator('[data-testid="jobs-import-error"][data-column="colour"]')).toContainText("Unknown key 'colour' (row 2) — not a parameter of visionfit-flagship-v0.1.0.");
  const bad = page.locator('[data-testid="jobs-import-error"][data-row="2"][data-column="lighting_power"]');
  await expect(bad).toContainText("2500 is above the maximum 2000");
  await expect(page.getByTestId("jobs-import-errors")).toContainText("Nothing was changed");
  // Filled once the page answers (hydrated), so the name cannot be lost to a late hydration.
  await page.getByLabel("Batch name").fill("pasted previews");
  // Nothing applied: the distributions still make the batch.
  await expect(page.getByTestId("jobs-import-banner")).toHaveCount(0);
  await expect(page.getByLabel("Jobs", { exact: true })).toBeEnabled();

  await panel.getByLabel("Jobs as JSON or CSV").fill(broken.replace(", 'colour': 'red'", "").replace("2500", "250"));
  await panel.getByRole("button", { name: "Use these jobs" }).click();
  await expect(page.getByTestId("jobs-import-banner")).toHaveText(/Using 3 pasted jobs — distributions are ignored\./);
  await expect(errors).toHaveCount(0);
  await expect(page.getByLabel("Jobs", { exact: true })).toBeDisabled();
  await expect(page.getByLabel("Jobs", { exact: true })).toHaveValue("3");
  // The distributions stay in sight but cannot be changed.
  await expect(page.getByTestId("param-list")).toHaveAttribute("inert", "");

  // The First jobs table shows the pasted jobs, with the pasted columns first and defaults filled in.
  const preview = page.getByTestId("jobs-preview");
  await expect(preview.locator("tbody tr")).toHaveCount(3);
  await expect(preview.locator("thead th").nth(1)).toHaveText("scene");
  await expect(preview.locator("tbody tr").nth(0)).toContainText("GYM_1");
  await expect(preview.locator("tbody tr").nth(1)).toContainText("250");
  await expect(preview.locator("tbody tr").nth(2)).toContainText("BEDROOM_2");

  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("3 pasted preview jobs of visionfit-flagship-v0.1.0");
  await expect(page.getByTestId("frame-estimate")).toHaveText("The Generation API estimates 3 frames in all.");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  const row = await batchRow(page, "pasted previews");
  await expect(row).toContainText("3 jobs");
  // Submitted: the badge, or once its progress is read, the progress bar.
  await expect(row).toContainText(/submitted|\d+ \/ \d+ done/);
});

test("an uploaded CSV is read with the parameter types, can be cleared, and is kept in a saved workflow", async ({ page }) => {
  test.slow(); // two uploads, a save, a reopen and a submission
  await signUp(page, "Uma Uploader", uniqueEmail("uploader"));
  await page.goto("/workflows/new");
  const panel = await openImport(page);

  // A bad file first: each problem by row and column, nothing applied.
  await panel.getByLabel("Upload .json or .csv").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("num_reps,foo\nthree,1\n4,2\n") });
  await expect(page.locator('[data-testid="jobs-import-error"][data-row="1"][data-column="num_reps"]')).toContainText('"three" is not a whole number');
  await expect(page.locator('[data-testid="jobs-import-error"][data-column="foo"]')).toContainText("Unknown column 'foo' (rows 1–2)");
  await expect(page.getByTestId("jobs-import-banner")).toHaveCount(0);
  await page.getByLabel("Batch name").fill("uploaded csv");

  const rows = Array.from({ length: 37 }, (_, i) => `${["SQUAT", "PUSHUP", "LUNGE-LEFT"][i % 3]},${(i % 20) + 1},${i % 2 === 0 ? "TRUE" : "false"},`);
  const csv = `exercise,num_reps,add_pauses,lighting_power\n${rows.join("\n")}\n`;
  await panel.getByLabel("Upload .json or .csv").setInputFiles({ name: "jobs.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("jobs-import-banner")).toHaveText(/Using 37 jobs from jobs\.csv — distributions are ignored\./);
  await expect(page.getByLabel("Jobs", { exact: true })).toHaveValue("37");
  const firstRow = page.getByTestId("jobs-preview").locator("tbody tr").first();
  await expect(firstRow).toContainText("SQUAT");
  await expect(firstRow).toContainText("true");

  // Clear goes back to the distributions; uploading again brings the jobs back.
  await page.getByTestId("jobs-import-banner").getByRole("button", { name: "Clear" }).click();
  await expect(page.getByTestId("jobs-import-banner")).toHaveCount(0);
  await expect(page.getByLabel("Jobs", { exact: true })).toBeEnabled();
  await expect(page.getByLabel("Jobs", { exact: true })).toHaveValue("10");
  await openImport(page);
  await page.getByLabel("Upload .json or .csv").setInputFiles({ name: "jobs.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("jobs-import-banner")).toContainText("Using 37 jobs");

  await page.getByRole("button", { name: "Save as workflow" }).click();
  await expect(page.getByText("Workflow saved.")).toBeVisible();
  await page.goto("/workflows");
  const saved = page.locator('[data-testid="workflow-row"][data-name="uploaded csv"]');
  await expect(saved).toContainText("37");
  await saved.getByRole("link", { name: "uploaded csv" }).click();
  await expect(page.getByTestId("jobs-import-banner")).toHaveText(/Using 37 listed jobs — distributions are ignored\./);

  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("37 pasted preview jobs");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  await expect(await batchRow(page, "uploaded csv")).toContainText("37 jobs");
});
