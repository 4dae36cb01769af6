#!/usr/bin/env bash
# libpq_lazy.sh SCHEMAC - the schemac binary does not load libpq at start-up
# (generator/cli/libpq_load.c loads it when a command connects): no libpq
# among its NEEDED libraries, and `schemac version` runs without mapping it.
# A libpq function the binary starts to call that libpq_load.c does not
# define links libpq directly again and fails here.
set -u
schemac=${1:?usage: libpq_lazy.sh SCHEMAC}
command -v readelf >/dev/null || { echo "readelf not found: skipped"; exit 77; }
needed=$(readelf -d "$schemac" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if printf '%s\n' "$needed" | grep -q '^libpq\.'; then
    echo "schemac links libpq at start-up; libpq functions not in generator/cli/libpq_load.c:"
    nm -D --undefined-only "$schemac" | awk '{print $2}' | grep -E '^(PQ|lo_)' | sed 's/@.*//; s/^/  /'
    exit 1
fi
maps=$(LD_DEBUG=files "$schemac" version 2>&1 >/dev/null | grep -c 'file=libpq\.' || true)
if [ "$maps" != 0 ]; then
    echo "schemac version loaded libpq"
    exit 1
fi
echo "libpq: not loaded until a command connects"
