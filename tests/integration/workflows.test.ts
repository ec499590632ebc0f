import { describe, expect, it } from "vitest";
import { PortalError } from "@/lib/errors";
import { deleteWorkflow, getWorkflow, listWorkflows, saveWorkflow } from "@/lib/portal/workflows";
import { joinTeam, signUp } from "../support/factories";

const recipe = (name: string) => ({ generator: "visionfit-flagship-v0.1.0", kind: "preview", jobCount: 20, seed: 3, name, params: { scene: { mode: "random" } } });

describe("workflows, the team's saved recipes", () => {
  it("saves, lists, reopens, renames by saving and deletes softly", async () => {
    const owner = await signUp("wf-owner");
    const { id } = await saveWorkflow(owner, { recipe: recipe("gym screening") });
    expect((await listWorkflows(owner)).map((w) => w.name)).toEqual(["gym screening"]);
    expect((await getWorkflow(owner, id)).recipe).toEqual(recipe("gym screening"));
    await saveWorkflow(owner, { id, recipe: recipe("gym screening v2") });
    expect((await getWorkflow(owner, id)).name).toBe("gym screening v2");
    await deleteWorkflow(owner, id);
    expect(await listWorkflows(owner)).toEqual([]);
    await expect(getWorkflow(owner, id)).rejects.toThrow(/does not exist or was deleted/);
  });

  it("refuses an empty name, a viewer, and another team's workflow", async () => {
    const owner = await signUp("wf-a");
    const stranger = await signUp("wf-b");
    const viewer = await joinTeam(owner, "wf-viewer", "viewer");
    await expect(saveWorkflow(owner, { recipe: recipe("  ") })).rejects.toThrow(/Give the batch a name/);
    const denied = await saveWorkflow(viewer, { recipe: recipe("nope") }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PortalError);
    expect((denied as PortalError).kind).toBe("forbidden");
    const { id } = await saveWorkflow(owner, { recipe: recipe("ours") });
    await expect(getWorkflow(stranger, id)).rejects.toThrow(/does not exist/);
    await expect(saveWorkflow(stranger, { id, recipe: recipe("hijack") })).rejects.toThrow(/does not exist/);
    await expect(deleteWorkflow(stranger, id)).rejects.toThrow(/does not exist/);
    await expect(deleteWorkflow(viewer, id)).rejects.toThrow(/Viewers cannot delete/);
    expect((await getWorkflow(owner, id)).name).toBe("ours");
    expect((await listWorkflows(viewer)).map((w) => w.name)).toEqual(["ours"]);
  });
});
