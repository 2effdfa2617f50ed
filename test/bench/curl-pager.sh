#!/usr/bin/env bash
# T2 baseline: what a user would write instead of `dm list USER --all --jsonl`, with curl and jq.
#   GROUPME_API_URL=… GROUPME_TOKEN=… bash test/bench/curl-pager.sh USER_ID > history.jsonl
set -euo pipefail
user=$1
before=
while :; do
  page=$(curl -sf -H "X-Access-Token: $GROUPME_TOKEN" "$GROUPME_API_URL/direct_messages?other_user_id=$user&limit=100${before:+&before_id=$before}")
  [ -z "$page" ] && break  # 304: nothing older
  last=$(jq -r '.response.direct_messages[-1].id // empty' <<<"$page")
  [ -z "$last" ] && break
  jq -c '.response.direct_messages[]' <<<"$page"
  before=$last
done
