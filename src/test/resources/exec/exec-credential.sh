#!/bin/sh
# A client-go credential plugin for tests: prints an ExecCredential holding $TOKEN, or misbehaves as
# $MODE says. $RUNS, when set, is a file counting the runs.
[ -n "$RUNS" ] && echo run >> "$RUNS"
case "${MODE:-ok}" in
  ok)
    printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"%s}}\n' \
      "$TOKEN" "${EXPIRES:+,\"expirationTimestamp\":\"$EXPIRES\"}" ;;
  hang) sleep 60 ;;
  garbage) echo "Traceback: cannot reach the cloud with $TOKEN" ;;
  old-version) printf '{"apiVersion":"client.authentication.k8s.io/v1alpha1","kind":"ExecCredential","status":{"token":"%s"}}\n' "$TOKEN" ;;
  fail) echo "denied $TOKEN" >&2; exit 3 ;;
esac
