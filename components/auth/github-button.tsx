import { signInWithGithubAction } from "@/lib/actions/sign-in-with-github";
import { Button } from "@/components/ui/button";

export function GithubButton() {
  return (
    <form action={signInWithGithubAction}>
      <Button type="submit" variant="secondary" className="w-full">
        Continue with GitHub
      </Button>
    </form>
  );
}
