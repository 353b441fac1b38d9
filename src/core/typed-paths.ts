/**
 * Makes header parameter H optional in every operation of Paths. The client fills it in (an idempotency key
 * generated once per call), so callers may leave it out even where the spec marks it required.
 */
export type WithOptionalHeader<Paths, H extends string> = {
  [P in keyof Paths]: {
    [M in keyof Paths[P]]: Paths[P][M] extends { parameters: { header: infer Hd } }
      ? Omit<Paths[P][M], 'parameters'> & {
          parameters: Omit<Paths[P][M]['parameters'], 'header'> & {
            header?: Omit<Hd, H> & Partial<Pick<Hd, Extract<H, keyof Hd>>>;
          };
        }
      : Paths[P][M];
  };
};

/**
 * Leaves out of Paths the operations listed in CS (`{ path: method }`), as openapi-typescript marks an absent
 * method, so a coming-soon operation is not part of the typed surface.
 */
export type WithoutOperations<Paths, CS> = {
  [P in keyof Paths]: P extends keyof CS
    ? Omit<Paths[P], Extract<CS[P], string>> & { [M in Extract<CS[P], string>]?: never }
    : Paths[P];
};
