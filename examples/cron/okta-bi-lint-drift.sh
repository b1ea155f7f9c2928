#!/bin/sh
# Daily drift check for hosts without GitHub Actions (cron or the systemd timer beside this file).
# Collects the live org, compares it with the approved baseline and keeps the reports; the exit code
# is okta-bi-lint's: 0 no drift and the rules pass, 1 drift or failing rules, 2 bad input, 3 incomplete.
#
# Settings come from the environment (an EnvironmentFile, or the crontab):
#   OKTA_ORG_URL, OKTA_API_TOKEN (or OKTA_CLIENT_ID + OKTA_PRIVATE_KEY)   where and how to read
#   OKTA_BI_LINT_DIR   the directory holding the baseline and okta-bi-lint.yaml (default: .)
#   BASELINE           the approved baseline, relative to it (default: baseline/acme.json)
#   REPORT_DIR         where the reports go (default: reports)
#   OKTA_BI_LINT       how to run okta-bi-lint (default: npx okta-bi-lint)
set -u
cd "${OKTA_BI_LINT_DIR:-.}" || exit 2
BASELINE="${BASELINE:-baseline/acme.json}"
REPORT_DIR="${REPORT_DIR:-reports}"
OKTA_BI_LINT="${OKTA_BI_LINT:-npx okta-bi-lint}"
mkdir -p "$REPORT_DIR" || exit 2
day=$(date -u +%Y-%m-%d)

# shellcheck disable=SC2086 # OKTA_BI_LINT is a command line
$OKTA_BI_LINT drift --baseline "$BASELINE" --live --snapshot-out "$REPORT_DIR/snapshot-$day.json" \
  --format json --output "$REPORT_DIR/drift-$day.json"
code=$?
if [ -f "$REPORT_DIR/snapshot-$day.json" ]; then
  # shellcheck disable=SC2086
  $OKTA_BI_LINT drift --baseline "$BASELINE" --current "$REPORT_DIR/snapshot-$day.json" \
    --format markdown --no-report-unused-suppressions --output "$REPORT_DIR/drift-$day.md"
fi
echo "okta-bi-lint drift: exit code $code; reports in $REPORT_DIR/drift-$day.json and .md" >&2
exit $code
