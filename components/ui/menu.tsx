"use client";
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState } from "react";
import { cn } from "./cn";

/**
 * A small menu button (WAI-ARIA menu pattern): arrow keys, Home/End, Escape and Tab, and a
 * click outside closes it. It replaces Radix's DropdownMenu in the shell, which with its
 * positioning engine was about 20 kB gzip on every portal page's first load; a menu that
 * opens below its own button needs none of that.
 */
const CloseMenu = createContext<() => void>(() => {});

const menuItems = (root: HTMLElement | null) => [...(root?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

interface MenuProps {
  /** The trigger's content and attributes. */
  label: string;
  testId?: string;
  triggerClassName: string;
  trigger: React.ReactNode;
  align: "start" | "end";
  className?: string;
  children: React.ReactNode;
}

export function Menu({ label, testId, triggerClassName, trigger, align, className, children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    menuItems(root.current)[0]?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open, close]);

  function onKeyDown(event: React.KeyboardEvent) {
    const list = menuItems(root.current);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const focus = (index: number) => list[(index + list.length) % list.length]?.focus();
    if (event.key === "ArrowDown") focus(at + 1);
    else if (event.key === "ArrowUp") focus(at - 1);
    else if (event.key === "Home") focus(0);
    else if (event.key === "End") focus(list.length - 1);
    else if (event.key === "Escape") close(true);
    else if (event.key === "Tab") close(false);
    else return;
    if (event.key !== "Tab") event.preventDefault();
  }

  return (
    <div ref={root} className="relative min-w-0">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        data-testid={testId}
        className={triggerClassName}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {trigger}
      </button>
      {open ? (
        <div
          id={id}
          role="menu"
          aria-label={label}
          onKeyDown={onKeyDown}
          className={cn(
            "absolute top-full z-50 mt-1 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900",
            align === "end" ? "right-0" : "left-0",
            className,
          )}
        >
          <CloseMenu.Provider value={() => close(true)}>{children}</CloseMenu.Provider>
        </div>
      ) : null}
    </div>
  );
}

export function MenuItem({ onSelect, children }: { onSelect: () => void; children: React.ReactNode }) {
  const close = useContext(CloseMenu);
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      onClick={() => {
        close();
        onSelect();
      }}
      className="flex w-full cursor-pointer items-center justify-between gap-3 rounded px-2 py-1.5 text-left text-sm outline-none hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
    >
      {children}
    </button>
  );
}
