/**
 * The Flounder builtin types that are not plain numbers, as generated code sees them.
 */

/**
 * An interface reference: names an exported service. Barrelfish allocates it as
 * `256 * core + slot + 1`, so 0 is never valid and the core is `(iref - 1) >> 8`.
 */
export type Iref = number;

/**
 * A reference to a capability held by the current domain. It is opaque and unforgeable:
 * only the machine that issued it can resolve it, and only for the domain holding it.
 * A `cap` argument copies the capability to the receiver; a `give_away_cap` moves it.
 */
export interface CapRef {
  /** The capability's type, e.g. `'Frame'` or `'EndPointLMP'`. */
  readonly type: string;
}
