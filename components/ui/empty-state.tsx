import type { Icon as IconComponent } from "@/components/ui/icons";

export function EmptyState({ icon: Icon, title, children, action }: { icon: IconComponent; title: string; children?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-zinc-300 px-6 py-14 text-center dark:border-zinc-700">
      <Icon aria-hidden className="mb-3 size-8 text-zinc-400" />
      <h2 className="text-base font-medium">{title}</h2>
      {children ? <div className="mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">{children}</div> : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
