/**
 * Chart colours. One accent (the theme's --color-accent, oklch(0.55 0.2 265), as hex because
 * SVG presentation attributes take no CSS variables) for plain counts; when the charts are
 * coloured by a parameter, its values take these in order, the accent first. Twelve, the most
 * groups a colouring allows (MAX_COLOUR_GROUPS), each readable on white and on zinc-900.
 */
export const ACCENT = "#3665e4";

export const GROUP_COLOURS = [
  ACCENT,
  "#e08a2c",
  "#2f9e6e",
  "#c8506a",
  "#8a6fd1",
  "#1f9fb0",
  "#b5a021",
  "#d16fb0",
  "#7b8794",
  "#7fae3a",
  "#a8643a",
  "#4fa3e0",
] as const;

export function groupColour(index: number): string {
  return GROUP_COLOURS[index % GROUP_COLOURS.length]!;
}
