export * from "./users";
export * from "./teams";
export * from "./audit";
export * from "./api-tokens";
export * from "./engine";
export * from "./batches";
export * from "./generation-connections";
export * from "./share-links";
