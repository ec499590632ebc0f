"use server";
import { signIn } from "@/lib/auth/auth";

export async function signInWithGithubAction(): Promise<void> {
  await signIn("github", { redirectTo: "/workflows" });
}
