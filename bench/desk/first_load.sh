#!/bin/bash
# usage: bench/desk/first_load.sh JIANBAO SITE
# Starts `jianbao serve --edit` on SITE and prints: seconds from start until the desk's address
# is printed; the first GET of the overview (curl's time_total, and whether it was the
# "preparing" page, the list while the first check runs, or the checked list); seconds from
# start until the list is served, and until it is served with its findings (asked every 0.2 s);
# three more GETs.
BIN=$1; SITE=$2
LOG=$(mktemp)
BODY=$(mktemp)
start=$(date +%s.%N)
$BIN serve --edit --root "$SITE" --port 0 > "$LOG" 2>&1 &
PID=$!
while ! grep -q "__jianbao/desk/" "$LOG"; do sleep 0.05; done
t_addr=$(date +%s.%N)
URL=$(grep -o "http://127.0.0.1:[0-9]*/__jianbao/desk/[^ ]*/" "$LOG" | head -1)
echo "address printed after $(echo "$t_addr - $start" | bc) s"
first=1
listed=0
while true; do
  out=$(curl -s -o "$BODY" -w "%{time_total}" "$URL")
  now=$(date +%s.%N)
  if grep -q 'id="preparing"' "$BODY"; then kind=preparing
  elif grep -q 'id="checking"' "$BODY"; then kind="list, being checked"
  else kind="list with findings"; fi
  [ $first = 1 ] && echo "first GET: ${out} s ($kind)"
  first=0
  if [ "$kind" != preparing ] && [ $listed = 0 ]; then
    listed=1
    echo "list served after $(echo "$now - $start" | bc) s from start (this GET ${out} s)"
  fi
  if [ "$kind" = "list with findings" ]; then
    echo "findings served after $(echo "$now - $start" | bc) s from start (this GET ${out} s)"
    break
  fi
  sleep 0.2
done
for i in 1 2 3; do echo "next GET: $(curl -s -o /dev/null -w "%{time_total}" "$URL") s"; done
kill $PID; wait $PID 2>/dev/null
rm -f "$LOG" "$BODY"
