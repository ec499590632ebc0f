"use client";
import useSWR from "swr";
import type { MembersResponse } from "@/lib/api/members-output";
import { jsonFetcher } from "./fetcher";

export function useMembers(fallbackData?: MembersResponse) {
  return useSWR<MembersResponse>("/api/portal/members", jsonFetcher, { fallbackData, revalidateOnFocus: true });
}
