/**
 * The IANA zones this browser knows, as suggestions for the time zone field. They are only
 * suggestions: the API decides which names it accepts (its runtime's list can differ).
 */
export function knownTimeZones(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // An older browser without Intl.supportedValuesOf: the field still takes any name.
  }
  // Browsers list canonical zone names, which leaves out UTC itself.
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
