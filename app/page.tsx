import { redirect } from "next/navigation";
import { getActingMember } from "@/lib/portal/session";

export default async function Home() {
  redirect((await getActingMember()) ? "/workflows" : "/login");
}
