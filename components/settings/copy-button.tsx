"use client";
import { useState } from "react";
import { Check, Copy } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";

/** Copies `value`; says "Copied" after, since the clipboard itself gives no feedback. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      size="sm"
      className="shrink-0"
      onClick={async () => {
        const ok = await copyText(value);
        setCopied(ok);
        setFailed(!ok);
      }}
    >
      {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
      <span aria-live="polite">{copied ? "Copied" : failed ? "Select and press Ctrl+C" : label}</span>
    </Button>
  );
}

/** navigator.clipboard exists only in secure contexts; a portal reached over plain http on a LAN still gets a copy. */
async function copyText(value: string): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // Permission refused: fall through to the selection-based copy.
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}
