/** What --accepted did: how many findings the accepted file covered and left out of the report. */
export interface AcceptedSummary {
  file: string;
  /** findings left out of the report because their fingerprint is in the file */
  count: number;
  /** fingerprints in the file that no current finding has (fixed since they were accepted) */
  stale: number;
}
