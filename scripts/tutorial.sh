#!/usr/bin/env bash
# The 5-minute tutorial of the README, run end to end on the fictional example
# in examples/peer-worker (make tutorial). Uses QUALFRAME_DATABASE_URL if set.
set -euo pipefail
cd "$(dirname "$0")/.."
QF=${QF:-.venv/bin/qualframe}
EX=examples/peer-worker
export QUALFRAME_DATABASE_URL=${QUALFRAME_DATABASE_URL:-sqlite:///$PWD/.venv/tutorial.db}
case "$QUALFRAME_DATABASE_URL" in
  sqlite:///*) rm -f "${QUALFRAME_DATABASE_URL#sqlite:///}"* ;;  # start afresh each run
esac
step() { printf '\n\033[1m$ qualframe %s\033[0m\n' "$*"; "$QF" "$@"; }

step init --template peer-worker-study
step cases import "$EX/cases.csv"
step participants import "$EX/participants.csv" --dry-run
step participants import "$EX/participants.csv"
step participants list
step questions import "$EX/schedule.csv"
step answers import "$EX/answers.csv"
step import "$EX/interviews"
for path in "$EX"/interviews/*; do
  document=$(basename "$path")
  step documents link "$document" "${document%%-*}"
done
step speakers import "$EX/speakers.csv"
step speakers list
step codes list
step autocode keyword --code "Outcomes > Hope" hope --unit sentence
step autocode keyword --code "Outcomes > Hope" hope --unit sentence --apply
# A second coder codes "hope" by paragraph; the agreement with the sentences above:
step --user Ben autocode keyword --code "Outcomes > Hope" hope --unit paragraph --apply
step agreement --unit sentence --code "Outcomes > Hope"
step round open "Round 1" --unit sentence --code "Outcomes > Hope"
step disagreements "Round 1"
step search "lived experience" --code "Findings > Lived experience is not enough" --spread sentence
step codings --where "stakeholder group=peer worker"
step memos add "Trust and shared experience" --kind analytic \
  --code "Mechanisms > Building trusting relationships based on shared lived experience" \
  --body "Both peer workers tie trust to having been through it themselves."
step matrix show --rows participants --theme Findings --group-by employer
step matrix draft --rows participants --theme Findings
step matrix write P01 "Findings > Lived experience is not enough" \
  --summary "Lived experience alone is not enough: listening, patience and resilience matter."
step matrix export .venv/findings-matrix.xlsx --rows participants --theme Findings --group-by employer
step compare code "Findings > Lived experience is not enough" --by "stakeholder group" --quotes 2
step cooccurrence --theme Findings --level participant
step compare answers Q3 --by employer
step saturation --order imported
step codes history
step change-model show
step change-model profile --node "Hope" --by "stakeholder group"
step change-model chains
step change-model flags
step change-model export --format svg --output .venv/change-model.svg
step change-model plan --output .venv/evaluation-plan.xlsx
printf '\nThe example study is in %s\n' "$QUALFRAME_DATABASE_URL"
