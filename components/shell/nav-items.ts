import { BookOpenText, Boxes, ScrollText, Settings, Workflow, type Icon } from "@/components/ui/icons";

export interface NavItem {
  href: string;
  label: string;
  icon: Icon;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/workflows", label: "Workflows", icon: Workflow },
  { href: "/batches", label: "Batches", icon: Boxes },
  { href: "/generators", label: "Generators", icon: BookOpenText },
  { href: "/audit", label: "Audit", icon: ScrollText },
  { href: "/settings", label: "Settings", icon: Settings },
];
