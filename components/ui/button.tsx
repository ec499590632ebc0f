import { cloneElement, isValidElement } from "react";
import { cn } from "./cn";

const variants = {
  primary: "bg-accent text-white hover:bg-accent-hover disabled:opacity-60",
  secondary:
    "border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50 dark:border-red-900 dark:bg-zinc-900 dark:text-red-400 dark:hover:bg-red-950",
  ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
} as const;

const sizes = { sm: "h-8 px-3 text-sm", field: "h-9 px-3 text-sm", md: "h-10 px-4 text-sm" } as const;

export interface ButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: keyof typeof variants;
  /** `field`: the height of a form field, for a button on the same row as inputs. */
  size?: "sm" | "field" | "md";
  asChild?: boolean;
}

export function Button({ variant = "primary", size = "md", asChild, className, children, ...props }: ButtonProps) {
  const classes = cn(
    "inline-flex items-center justify-center gap-2 rounded-md font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed",
    sizes[size],
    variants[variant],
    className,
  );
  // `asChild`: style the one child (a link) as a button instead of wrapping it. Our children
  // only ever need the class, so this is a few lines rather than Radix's Slot.
  if (asChild && isValidElement<{ className?: string }>(children)) {
    return cloneElement(children, { ...(props as object), className: cn(classes, children.props.className) });
  }
  return (
    <button className={classes} {...props}>
      {children}
    </button>
  );
}
