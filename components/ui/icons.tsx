import { createElement, type SVGProps } from "react";
import {
  Ban as BanNode,
  BarChart3 as BarChart3Node,
  BookOpenText as BookOpenTextNode,
  Boxes as BoxesNode,
  Check as CheckNode,
  ChevronLeft as ChevronLeftNode,
  ChevronRight as ChevronRightNode,
  ChevronsUpDown as ChevronsUpDownNode,
  CircleHelp as CircleHelpNode,
  Clapperboard as ClapperboardNode,
  Cloud as CloudNode,
  Copy as CopyNode,
  Cpu as CpuNode,
  Download as DownloadNode,
  Eye as EyeNode,
  FileUp as FileUpNode,
  ImageOff as ImageOffNode,
  Infinity as InfinityNode,
  KeyRound as KeyRoundNode,
  Link2 as Link2Node,
  Link2Off as Link2OffNode,
  Loader2 as Loader2Node,
  LogOut as LogOutNode,
  Play as PlayNode,
  PlugZap as PlugZapNode,
  RotateCcw as RotateCcwNode,
  Save as SaveNode,
  ScrollText as ScrollTextNode,
  Search as SearchNode,
  Server as ServerNode,
  Settings as SettingsNode,
  ShieldAlert as ShieldAlertNode,
  Unplug as UnplugNode,
  Workflow as WorkflowNode,
  X as XNode,
  type IconNode,
} from "lucide";

export type Icon = (props: SVGProps<SVGSVGElement>) => React.ReactElement;

/**
 * Lucide's icons as plain SVG components. Not lucide-react: its `Icon` is a client component
 * (it reads a context), so every page that drew an icon, even on the server, shipped it and
 * each icon's code in its first load. These have no hooks: drawn on the server they cost the
 * browser nothing, and in a client component only their path data.
 */
function icon(node: IconNode): Icon {
  return function LucideSvg(props) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={24}
        height={24}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden={props["aria-label"] ? undefined : true}
        {...props}
      >
        {node.map(([tag, attrs], index) => createElement(tag, { key: index, ...attrs }))}
      </svg>
    );
  };
}

export const Ban = icon(BanNode);
export const BarChart3 = icon(BarChart3Node);
export const BookOpenText = icon(BookOpenTextNode);
export const Boxes = icon(BoxesNode);
export const Check = icon(CheckNode);
export const ChevronLeft = icon(ChevronLeftNode);
export const ChevronRight = icon(ChevronRightNode);
export const ChevronsUpDown = icon(ChevronsUpDownNode);
export const CircleHelp = icon(CircleHelpNode);
export const Clapperboard = icon(ClapperboardNode);
export const Cloud = icon(CloudNode);
export const Copy = icon(CopyNode);
export const Cpu = icon(CpuNode);
export const Download = icon(DownloadNode);
export const Eye = icon(EyeNode);
export const FileUp = icon(FileUpNode);
export const ImageOff = icon(ImageOffNode);
export const Infinity = icon(InfinityNode);
export const KeyRound = icon(KeyRoundNode);
export const Link2 = icon(Link2Node);
export const Link2Off = icon(Link2OffNode);
export const Loader2 = icon(Loader2Node);
export const LogOut = icon(LogOutNode);
export const Play = icon(PlayNode);
export const PlugZap = icon(PlugZapNode);
export const RotateCcw = icon(RotateCcwNode);
export const Save = icon(SaveNode);
export const ScrollText = icon(ScrollTextNode);
export const Search = icon(SearchNode);
export const Server = icon(ServerNode);
export const Settings = icon(SettingsNode);
export const ShieldAlert = icon(ShieldAlertNode);
export const Unplug = icon(UnplugNode);
export const Workflow = icon(WorkflowNode);
export const X = icon(XNode);
